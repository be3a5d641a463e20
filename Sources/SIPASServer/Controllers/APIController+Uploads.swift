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

    /// The body is received to disk once (`ReceivedUpload`), then imported in the import
    /// gate: beyond its running and waiting places the answer is 503 with Retry-After.
    func createUpload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireImport(user)
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let isForm = (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data")
        do {
            return try await ReceivedUpload.receive(
                request, in: configuration.uploadFolder, maxBytes: maxUploadBytes, rawName: isForm ? nil : fields["name"] ?? "upload.csv"
            ) { upload in
                fields.merge(upload.fields) { _, new in new }
                return try await importUpload(upload, fields: fields, isForm: isForm, user: user)
            }
        } catch let error as HTTPError where error.status == .badRequest {
            let english = error.body ?? "the multipart body is malformed"
            throw Problem(.invalidBody, vi: Problem.vietnamese(english, .invalidBody), en: english)
        }
    }

    private func importUpload(_ upload: ReceivedUpload, fields: [String: String], isForm: Bool, user: AuthUser) async throws -> Response {
        if isForm, let (field, _) = upload.fields.first(where: { $0.value.contains("\0") }) {
            throw Problem(.invalidBody, vi: "Trường \(field) có ký tự NUL.", en: "the field \(field) holds a NUL character", field: field)
        }
        guard let file = upload.file else {
            throw Problem(
                .invalidBody, vi: "Nội dung multipart không có phần tên file kèm tên tệp.",
                en: "the multipart body has no part named file with a filename", field: "file")
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
        guard file.byteCount > 0 else { throw UploadRefused.empty }
        let intake = UploadIntake(db: db, maxBytes: maxUploadBytes)
        let result = try await configuration.imports.run {
            try await intake.run(
                kind: kind, survey: survey, fileName: file.name, file: file.url, replace: replace, check: check, user: user)
        }
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
