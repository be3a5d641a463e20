import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

extension APIController {
    struct UploadBody: ResponseEncodable {
        var id: Int
        var kind: String
        var survey: String
        var survey_version: Int
        var file_name: String
        var sha256: String
        var uploaded_by: String
        var uploaded_at: Date
        var status: String
        var supersedes: [Int]
        var superseded_by: Int?
        var rows: Int
        var questionnaires: Int
        var units: Int
        var scopes: [Scope]?

        struct Scope: Encodable {
            var unit: String
            var name: String
            var period: String
            var questionnaires: Int
        }

        init(_ u: UploadStore.Upload, scopes: [UploadStore.ScopeSummary]? = nil) {
            id = u.id
            kind = u.kind.rawValue
            survey = u.surveyCode
            survey_version = u.surveyVersion
            file_name = u.fileName
            sha256 = u.sha256
            uploaded_by = u.uploadedBy
            uploaded_at = u.uploadedAt
            status = u.status.rawValue
            supersedes = u.supersedes
            superseded_by = u.supersededBy
            rows = u.rowCount
            questionnaires = u.questionnaires
            units = u.unitCount
            self.scopes = scopes?.map {
                Scope(unit: $0.unitCode, name: $0.unitName, period: $0.period.description, questionnaires: $0.questionnaires)
            }
        }
    }

    /// The answer to `check=true`: the file is valid, nothing was written.
    struct UploadCheck: Encodable {
        var status = "valid"
        var rows: Int
        var scopes: Int
        var questionnaires: Int
    }

    func uploads(_ request: Request, context: AppContext) async throws -> [UploadBody] {
        try await AccessPolicy.visibleUploads(try context.requireUser(), db: db).map { UploadBody($0) }
    }

    func upload(_ request: Request, context: AppContext) async throws -> UploadBody {
        let id = try context.parameters.require("id", as: Int.self)
        let (upload, scopes) = try await AccessPolicy.upload(
            id, user: try context.requireUser(), db: db, denied: "upload \(id) is outside your unit")
        return UploadBody(upload, scopes: scopes)
    }

    func createUpload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireImport(user)
        let query = request.uri.queryParameters
        var fields: [String: String] = [:]
        for (key, value) in query { fields[String(key)] = String(value) }
        let name: String
        let body: ByteBuffer
        if (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") {
            let form = try await FormData.parse(request, limit: maxUploadBytes + 64 * 1024)
            fields.merge(form.fields) { _, new in new }
            guard let file = form.files["file"] else {
                throw HTTPError(.badRequest, message: "the multipart body has no part named file with a filename")
            }
            name = file.fileName
            body = file.bytes
        } else {
            do {
                body = try await request.body.collect(upTo: maxUploadBytes)
            } catch {
                throw HTTPError(.contentTooLarge, message: "the file is larger than the limit of \(maxUploadBytes / 1_048_576) MB")
            }
            name = fields["name"] ?? "upload.csv"
        }
        let kindText = fields["kind"] ?? ""
        guard let kind = UploadStore.Kind(rawValue: kindText) else {
            throw InvalidArgument(field: "kind", value: kindText, expected: UploadStore.Kind.allCases.map(\.rawValue))
        }
        guard let survey = fields["survey"], !survey.isEmpty else {
            throw HTTPError(.badRequest, message: "survey is required, e.g. survey=sipas-2017")
        }
        guard body.readableBytes > 0 else { throw HTTPError(.badRequest, message: "the request body is empty; send the file's bytes") }
        let result = try await UploadIntake(db: db, maxBytes: configuration.maxUploadBytes).run(
            kind: kind, survey: survey, fileName: name, bytes: Data(buffer: body),
            replace: fields["replace"] == "true", check: fields["check"] == "true", user: user)
        switch result {
        case .checked(let rows, let scopes, let questionnaires):
            return try Response.json(UploadCheck(rows: rows, scopes: scopes, questionnaires: questionnaires))
        case .alreadyImported(let upload):
            return try Response.json(UploadBody(upload))
        case .imported(let upload, _):
            return try Response.json(UploadBody(upload), status: .created)
        }
    }

    func revert(_ request: Request, context: AppContext) async throws -> UploadBody {
        let user = try context.requireUser()
        try AccessPolicy.requireAnalyst(user, "revert uploads")
        let id = try context.parameters.require("id", as: Int.self)
        return UploadBody(try await UploadStore(db).revert(id, actor: user.username).restored)
    }
}
