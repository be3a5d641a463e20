import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore

/// The routes of the API, for the OpenAPI document and the tests.
public enum APIControllerRoutes {
    public static var all: [(method: String, path: String)] { APIController.routes.map { ($0.method, $0.path) } }
}

/// The JSON API: surveys, units, uploads (with the same validation as the CLI), reports.
/// Every route is listed in `routes` so that the OpenAPI document can be checked against it.
struct APIController {
    let db: Database
    let maxUploadBytes: Int

    /// Method and path template of every API route.
    static let routes: [(method: String, path: String, summary: String)] = [
        ("GET", "/healthz", "Liveness: the service and its database answer"),
        ("GET", "/metrics", "Prometheus metrics"),
        ("GET", "/openapi.json", "This API's OpenAPI 3 document"),
        ("GET", "/api/surveys", "List stored survey versions"),
        ("GET", "/api/surveys/{code}", "One survey definition (latest version, or ?version=N)"),
        ("GET", "/api/units", "Units valid on a date (?on=YYYY-MM-DD&level=…)"),
        ("GET", "/api/uploads", "Uploads, newest first"),
        ("GET", "/api/uploads/{id}", "One upload with the units and periods it covers"),
        ("POST", "/api/uploads", "Import a tally or questionnaire file (?kind=tallies|responses&survey=S&name=FILE[&replace=true][&check=true])"),
        ("POST", "/api/uploads/{id}/revert", "Bring a superseded upload back"),
        ("GET", "/api/reports", "A report as JSON (?survey=S&period=P[&level=L][&units=A,B][&scope=self|area][&boundaries=…])"),
    ]

    func register(on router: Router<AppContext>) {
        router.get("/api/surveys", use: surveys)
        router.get("/api/surveys/:code", use: survey)
        router.get("/api/units", use: units)
        router.get("/api/uploads", use: uploads)
        router.get("/api/uploads/:id", use: upload)
        router.post("/api/uploads", use: createUpload)
        router.post("/api/uploads/:id/revert", use: revert)
        router.get("/api/reports", use: report)
    }

    // MARK: Reading

    struct SurveySummary: ResponseEncodable {
        var code: String
        var version: Int
        var title: LocalizedText
        var source: String
    }

    func surveys(_ request: Request, context: AppContext) async throws -> [SurveySummary] {
        _ = try context.requireUser()
        return try await SurveyStore(db).list().map { SurveySummary(code: $0.code, version: $0.version, title: $0.title, source: $0.source) }
    }

    func survey(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try context.parameters.require("code")
        let version = request.uri.queryParameters["version"].flatMap { Int(String($0)) }
        let survey = try await SurveyStore(db).get(code: code, version: version).survey
        return try ErrorMiddleware.json(.ok, survey)
    }

    struct UnitBody: ResponseEncodable {
        var code: String
        var name: String
        var level: UnitLevel
        var type: String
        var parent_code: String?
        var valid_from: String
        var valid_to: String?
    }

    func units(_ request: Request, context: AppContext) async throws -> [UnitBody] {
        _ = try context.requireUser()
        let query = request.uri.queryParameters
        var date = CalendarDate(year: 2021, month: 1, day: 1)!
        if let on = query["on"] {
            guard let parsed = CalendarDate(String(on)) else { throw HTTPError(.badRequest, message: "on=\(on) is not a date YYYY-MM-DD") }
            date = parsed
        } else {
            date = Self.today()
        }
        var level: UnitLevel?
        if let text = query["level"] {
            guard let parsed = UnitLevel(rawValue: String(text)) else { throw HTTPError(.badRequest, message: "level must be province, department, district or commune") }
            level = parsed
        }
        return try await UnitStore(db).list(on: date, level: level).map {
            UnitBody(code: $0.unit.code, name: $0.unit.name, level: $0.unit.level, type: $0.unit.type, parent_code: $0.unit.parentCode,
                     valid_from: $0.validFrom.description, valid_to: $0.validTo?.description)
        }
    }

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
            id = u.id; kind = u.kind.rawValue; survey = u.surveyCode; survey_version = u.surveyVersion; file_name = u.fileName
            sha256 = u.sha256; uploaded_by = u.uploadedBy; uploaded_at = u.uploadedAt; status = u.status.rawValue
            supersedes = u.supersedes; superseded_by = u.supersededBy; rows = u.rowCount; questionnaires = u.questionnaires; units = u.unitCount
            self.scopes = scopes?.map { Scope(unit: $0.unitCode, name: $0.unitName, period: $0.period.description, questionnaires: $0.questionnaires) }
        }
    }

    func uploads(_ request: Request, context: AppContext) async throws -> [UploadBody] {
        let user = try context.requireUser()
        let all = try await UploadStore(db).list(limit: 500)
        guard user.role == .uploader else { return all.map { UploadBody($0) } }
        // An uploader sees the uploads that touch its area only.
        let area = try await Self.area(of: user, db: db)
        let codes = try await UploadStore(db).unitCodes(of: all.map(\.id))
        return all.filter { (codes[$0.id] ?? []).isSubset(of: area) }.map { UploadBody($0) }
    }

    func upload(_ request: Request, context: AppContext) async throws -> UploadBody {
        let user = try context.requireUser()
        let id = try context.parameters.require("id", as: Int.self)
        let store = UploadStore(db)
        let upload = try await store.get(id)
        let scopes = try await store.scopes(of: id)
        if user.role == .uploader {
            let area = try await Self.area(of: user, db: db)
            guard scopes.allSatisfy({ area.contains($0.unitCode) }) else { throw HTTPError(.forbidden, message: "upload \(id) is outside your unit") }
        }
        return UploadBody(upload, scopes: scopes)
    }

    // MARK: Writing

    func createUpload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.mayImport else { throw HTTPError(.forbidden, message: "a viewer cannot import files") }
        let query = request.uri.queryParameters
        guard let kind = query["kind"].map(String.init), kind == "tallies" || kind == "responses" else {
            throw HTTPError(.badRequest, message: "kind must be tallies or responses")
        }
        guard let survey = query["survey"].map(String.init), !survey.isEmpty else { throw HTTPError(.badRequest, message: "survey is required, e.g. survey=sipas-2017") }
        let name = Self.safeFileName(query["name"].map(String.init) ?? "upload.csv")
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxUploadBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the file is larger than the limit of \(maxUploadBytes / 1_048_576) MB")
        }
        guard body.readableBytes > 0 else { throw HTTPError(.badRequest, message: "the request body is empty; send the file's bytes") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(buffer: body).write(to: url)

        var options = ImportService.Options(
            surveyCode: survey, replace: query["replace"] == "true", checkOnly: query["check"] == "true",
            actor: user.username, displayName: name, today: Self.today())
        if user.role == .uploader { options.allowedUnitCodes = try await Self.area(of: user, db: db) }
        let service = ImportService(db)
        let result = kind == "tallies" ? try await service.importTallies(url, options: options) : try await service.importQuestionnaires(url, options: options)
        switch result {
        case let .checked(rows, scopes, questionnaires):
            return try ErrorMiddleware.json(.ok, ["status": "valid", "rows": "\(rows)", "scopes": "\(scopes)", "questionnaires": "\(questionnaires)"])
        case let .alreadyImported(upload):
            return try ErrorMiddleware.json(.ok, UploadBody(upload))
        case let .imported(upload, _):
            return try ErrorMiddleware.json(.created, UploadBody(upload))
        }
    }

    func revert(_ request: Request, context: AppContext) async throws -> UploadBody {
        let user = try context.requireUser()
        guard user.role == .admin || user.role == .analyst else { throw HTTPError(.forbidden, message: "only analysts and admins revert uploads") }
        let id = try context.parameters.require("id", as: Int.self)
        return UploadBody(try await UploadStore(db).revert(id, actor: user.username).restored)
    }

    // MARK: Reports

    func report(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        guard let survey = query["survey"].map(String.init) else { throw HTTPError(.badRequest, message: "survey is required") }
        guard let periodText = query["period"], let period = Period(String(periodText)) else { throw HTTPError(.badRequest, message: "period must be YYYY-MM, YYYY-Qn or YYYY") }
        let units = query["units"].map { $0.split(separator: ",").map(String.init) } ?? []
        let scope = ReportService.Scope(rawValue: query["scope"].map(String.init) ?? "self") ?? .self
        guard let boundaries = ReportService.Boundaries(query["boundaries"].map(String.init) ?? "as-reported") else {
            throw HTTPError(.badRequest, message: "boundaries must be as-reported, current or a date")
        }
        let level = query["level"].flatMap { UnitLevel(rawValue: String($0)) }
        var requestedUnits = units
        if user.role == .uploader {
            // An uploader reads its own unit (and its area) only.
            guard let own = user.unitCode else { throw HTTPError(.forbidden) }
            let area = try await Self.area(of: user, db: db)
            if requestedUnits.isEmpty { requestedUnits = [own] }
            guard requestedUnits.allSatisfy({ area.contains($0) }) else { throw HTTPError(.forbidden, message: "you may read reports for \(own) and the units below it only") }
        }
        let (report, _) = try await ReportService(db).report(.init(
            surveyCode: survey, from: period, to: period, level: level, unitCodes: requestedUnits, scope: scope,
            boundaries: boundaries, today: Self.today()))
        return try ErrorMiddleware.json(.ok, report)
    }

    // MARK: Helpers

    /// The codes of an uploader's unit and every unit below it, in the current structure.
    static func area(of user: AuthUser, db: Database) async throws -> Set<String> {
        guard let root = user.unitCode else { return [] }
        let units = try await UnitStore(db).allVersions()
        let children = Dictionary(grouping: units, by: { $0.unit.parentCode ?? "" })
        var area: Set<String> = [root]
        var queue = [root]
        while let code = queue.popLast() {
            for child in children[code] ?? [] where area.insert(child.unit.code).inserted { queue.append(child.unit.code) }
        }
        return area
    }

    /// Only the last path component, without characters a path could abuse.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "upload.csv"
        let cleaned = last.filter { !$0.isNewline && $0 != "\0" && $0 != "<" && $0 != ">" }
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "upload.csv" : String(cleaned.prefix(200))
    }

    static func today() -> CalendarDate { CalendarDate.today() }
}
