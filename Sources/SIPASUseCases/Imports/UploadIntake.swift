import Foundation
import SIPASCore
import SIPASStore

/// Runs a file received over the network through `ImportService`: the same checks and error
/// list as the command line, with an uploader held to its area.
public struct UploadIntake: Sendable {
    public let db: Database
    public let maxBytes: Int

    public init(db: Database, maxBytes: Int) {
        self.db = db
        self.maxBytes = maxBytes
    }

    public func run(kind: UploadStore.Kind, survey: String, fileName: String, bytes: Data, replace: Bool, check: Bool, user: AuthUser)
        async throws -> ImportService.Result
    {
        try AccessPolicy.requireImport(user)
        guard !bytes.isEmpty else { throw UploadRefused.empty }
        guard bytes.count <= maxBytes else { throw UploadRefused.tooLarge(limitBytes: maxBytes) }
        let name = FileName.safe(fileName)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        var options = ImportService.Options(
            surveyCode: survey, replace: replace, checkOnly: check, actor: user.username, displayName: name, today: .today())
        if user.role == .uploader { options.area = try await AccessPolicy.area(of: user, db: db) }
        let service = ImportService(db)
        do {
            switch kind {
            case .tallies: return try await service.importTallies(url, options: options)
            case .responses: return try await service.importQuestionnaires(url, options: options)
            }
        } catch let problems as FileProblems {
            // The sender sees its file's name, never the server's temporary folder.
            throw problems.naming(url.path, as: name)
        }
    }
}
