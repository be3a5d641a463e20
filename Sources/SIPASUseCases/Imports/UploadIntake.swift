import Foundation
import SIPASCore
import SIPASStore

/// Runs a file received over the network through `ImportService`: the same checks and error
/// list as the command line, with an uploader held to its area. The server writes the body to
/// disk once, as it arrives, and hands over the file.
public struct UploadIntake: Sendable {
    public let db: Database
    public let maxBytes: Int

    public init(db: Database, maxBytes: Int) {
        self.db = db
        self.maxBytes = maxBytes
    }

    /// Imports `url`, a file the server received (once, to disk) under the sender's
    /// `fileName`; the caller removes it. Problems name the file as it was sent.
    public func run(kind: UploadStore.Kind, survey: String, fileName: String, file url: URL, replace: Bool, check: Bool, user: AuthUser)
        async throws -> ImportService.Result
    {
        try AccessPolicy.requireImport(user)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw UploadRefused.empty }
        guard size <= maxBytes else { throw UploadRefused.tooLarge(limitBytes: maxBytes) }
        let name = FileName.safe(fileName)
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
