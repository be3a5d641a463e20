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
        let id = try context.id()
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
            let form: FormData
            do {
                form = try await FormData.parse(request, limit: maxUploadBytes + 64 * 1024)
            } catch let error as HTTPError where error.status == .badRequest {
                let english = error.body ?? "the multipart body is malformed"
                throw Problem(.invalidBody, vi: Problem.vietnamese(english, .invalidBody), en: english)
            }
            fields.merge(form.fields) { _, new in new }
            if let (field, _) = form.fields.first(where: { $0.value.contains("\0") }) {
                throw Problem(
                    .invalidBody, vi: "Trường \(field) có ký tự NUL.", en: "the field \(field) holds a NUL character", field: field)
            }
            guard let file = form.files["file"] else {
                throw Problem(
                    .invalidBody, vi: "Nội dung multipart không có phần tên file kèm tên tệp.",
                    en: "the multipart body has no part named file with a filename", field: "file")
            }
            name = file.fileName
            body = file.bytes
        } else {
            do {
                body = try await request.body.collect(upTo: maxUploadBytes)
            } catch {
                throw UploadRefused.tooLarge(limitBytes: maxUploadBytes)
            }
            name = fields["name"] ?? "upload.csv"
        }
        let kindText = fields["kind"] ?? ""
        guard let kind = UploadStore.Kind(rawValue: kindText) else {
            throw InvalidArgument(field: "kind", value: kindText, expected: UploadStore.Kind.allCases.map(\.rawValue))
        }
        guard let survey = fields["survey"], !survey.isEmpty else {
            throw InvalidArgument(field: "survey", value: "", expected: ["a survey code, e.g. sipas-2017"])
        }
        let flags = Parameters(fields.map { (key: Substring($0.key), value: Substring($0.value)) })
        let replace = try flags.flag("replace")
        let check = try flags.flag("check")
        guard body.readableBytes > 0 else { throw UploadRefused.empty }
        let result = try await UploadIntake(db: db, maxBytes: configuration.maxUploadBytes).run(
            kind: kind, survey: survey, fileName: name, bytes: Data(buffer: body), replace: replace, check: check, user: user)
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
        let id = try context.id()
        return UploadBody(try await UploadStore(db).revert(id, actor: user.username).restored)
    }
}
