import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The routes of the API, for the OpenAPI document and the tests.
public enum APIControllerRoutes {
    public static var all: [(method: String, path: String)] { APIController.routes.map { ($0.method, $0.path) } }
}

/// The JSON API: surveys, units, uploads (with the same validation as the CLI), reports.
/// Every route is listed in `routes` so that the OpenAPI document can be checked against it.
struct APIController {
    let db: Database
    let configuration: ServerConfiguration
    let cache = ReferenceCache()

    var maxUploadBytes: Int { configuration.maxUploadBytes }

    /// Method and path template of every API route.
    static let routes: [(method: String, path: String, summary: String)] = [
        ("GET", "/healthz", "Liveness: the service and its database answer"),
        ("GET", "/metrics", "Prometheus metrics"),
        ("GET", "/openapi.json", "This API's OpenAPI 3 document"),
        ("GET", "/api/surveys", "List stored survey versions"),
        ("GET", "/api/surveys/{code}", "One survey definition (latest version, or ?version=N)"),
        ("GET", "/api/units", "Units valid on a date (?on=YYYY-MM-DD&level=…)"),
        ("GET", "/api/units/tree", "The units valid on a date as a tree (?on=YYYY-MM-DD)"),
        ("GET", "/api/templates/tallies", "A blank tally sheet (?survey=S&unit=A[,B]&period=YYYY-MM[&children=true][&format=xlsx|csv])"),
        ("GET", "/api/uploads", "Uploads, newest first"),
        ("GET", "/api/uploads/{id}", "One upload with the units and periods it covers"),
        ("POST", "/api/uploads", "Import a tally or questionnaire file: the raw body with ?kind=tallies|responses&survey=S&name=FILE, or multipart/form-data with the fields kind, survey, replace, check and the file in `file` ([&replace=true] supersedes, [&check=true] validates only)"),
        ("POST", "/api/uploads/{id}/revert", "Bring a superseded upload back"),
        ("POST", "/api/submissions", "One questionnaire from a kiosk or portal, JSON {client_id, survey, unit, date, channel, answers{item: option}}; a retry of the same client_id is answered 200 and never counted twice"),
        ("GET", "/api/reports", "A report (?survey=S&period=P[&level=L][&units=A,B][&scope=self|area][&boundaries=…][&format=json|html|xlsx|csv][&table=T])"),
        ("GET", "/api/compare", "Districts compared with the province (?survey=S&period=P[&units=A,B][&format=json|html|xlsx|csv])"),
        ("GET", "/api/exports/{what}", "Stored data as CSV or JSON lines: what = responses, tallies or counts (?survey=S&period=P[&format=csv|jsonl])"),
        ("GET", "/api/monthly-reports", "Kept monthly reports"),
        ("GET", "/api/monthly-reports/{id}", "One kept monthly report (?part=json|html|xlsx)"),
        ("GET", "/api/audit", "The audit trail (admins; ?since=ISO-8601&user=NAME)"),
    ] + WebController.routes

    func register(on router: Router<AppContext>) {
        router.get("/api/surveys", use: surveys)
        router.get("/api/surveys/:code", use: survey)
        router.get("/api/units", use: units)
        router.get("/api/units/tree", use: unitTree)
        router.get("/api/templates/tallies", use: tallyTemplate)
        router.get("/api/uploads", use: uploads)
        router.get("/api/uploads/:id", use: upload)
        router.post("/api/uploads", use: createUpload)
        router.post("/api/uploads/:id/revert", use: revert)
        router.post("/api/submissions", use: submit)
        router.get("/api/reports", use: report)
        router.get("/api/compare", use: compare)
        router.get("/api/exports/:what", use: export)
        router.get("/api/monthly-reports", use: monthlyReports)
        router.get("/api/monthly-reports/:id", use: monthlyReport)
        router.get("/api/audit", use: audit)
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
            date = .today()
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
        try await AccessPolicy.visibleUploads(try context.requireUser(), db: db).map { UploadBody($0) }
    }

    func upload(_ request: Request, context: AppContext) async throws -> UploadBody {
        let id = try context.parameters.require("id", as: Int.self)
        let (upload, scopes) = try await AccessPolicy.upload(id, user: try context.requireUser(), db: db, denied: "upload \(id) is outside your unit")
        return UploadBody(upload, scopes: scopes)
    }

    // MARK: Writing

    func createUpload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireImport(user)
        let query = request.uri.queryParameters
        var fields: [String: String] = [:]
        for (key, value) in query { fields[String(key)] = String(value) }
        let name: String, body: ByteBuffer
        if (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") {
            let form = try await FormData.parse(request, limit: maxUploadBytes + 64 * 1024)
            fields.merge(form.fields) { _, new in new }
            guard let file = form.files["file"] else { throw HTTPError(.badRequest, message: "the multipart body has no part named file with a filename") }
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
        guard let kind = UploadStore.Kind(rawValue: fields["kind"] ?? "") else { throw HTTPError(.badRequest, message: "kind must be tallies or responses") }
        guard let survey = fields["survey"], !survey.isEmpty else { throw HTTPError(.badRequest, message: "survey is required, e.g. survey=sipas-2017") }
        guard body.readableBytes > 0 else { throw HTTPError(.badRequest, message: "the request body is empty; send the file's bytes") }
        let result = try await UploadIntake(db: db, maxBytes: configuration.maxUploadBytes).run(kind: kind, survey: survey, fileName: name, bytes: Data(buffer: body),
                                                        replace: fields["replace"] == "true", check: fields["check"] == "true", user: user)
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
        try AccessPolicy.requireAnalyst(user, "revert uploads")
        let id = try context.parameters.require("id", as: Int.self)
        return UploadBody(try await UploadStore(db).revert(id, actor: user.username).restored)
    }

    // MARK: Reports

    func report(_ request: Request, context: AppContext) async throws -> Response {
        try await report(request, context, comparison: false)
    }

    func compare(_ request: Request, context: AppContext) async throws -> Response {
        try await report(request, context, comparison: true)
    }

    func report(_ request: Request, _ context: AppContext, comparison: Bool) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        guard let survey = query["survey"].map(String.init) else { throw HTTPError(.badRequest, message: "survey is required") }
        guard let periodText = query["period"], let period = Period(String(periodText)) else { throw HTTPError(.badRequest, message: "period must be YYYY-MM, YYYY-Qn or YYYY") }
        let units = query["units"].map { $0.split(separator: ",").map(String.init) } ?? []
        guard let scope = ReportService.Scope(rawValue: query["scope"].map(String.init) ?? (comparison ? "area" : "self")) else {
            throw HTTPError(.badRequest, message: "scope must be self or area")
        }
        guard let boundaries = ReportService.Boundaries(query["boundaries"].map(String.init) ?? "as-reported") else {
            throw HTTPError(.badRequest, message: "boundaries must be as-reported, current or a date")
        }
        var level = comparison ? UnitLevel.district : nil
        if let text = query["level"] {
            guard let parsed = UnitLevel(rawValue: String(text)) else { throw HTTPError(.badRequest, message: "level must be province, department, district or commune") }
            level = parsed
        }
        guard let format = ReportFormat(rawValue: query["format"].map(String.init) ?? "json") else {
            throw HTTPError(.badRequest, message: "format must be json, html, xlsx or csv")
        }
        if comparison && user.role == .uploader && units.isEmpty { throw HTTPError(.forbidden, message: "an uploader compares only units of its own area: give units=") }
        let requestedUnits = try await AccessPolicy.reportUnits(units, user: user, db: db)
        let serviceRequest = ReportService.Request(
            surveyCode: survey, from: period, to: period, level: level, unitCodes: requestedUnits, scope: scope,
            boundaries: boundaries, today: .today())
        let (report, surveyDefinition) = try await ReportService(db).report(serviceRequest)
        return try await ReportDownloads(db).download(report, survey: surveyDefinition, request: serviceRequest, format: format, table: query["table"].map(String.init)).response
    }

    // MARK: Submissions

    /// One questionnaire from a kiosk or the portal. Validated like a row of a questionnaire
    /// file; stored with its counts in one statement; a retry of its client_id changes nothing.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireSubmit(user)
        let media = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard media == "application/json" else { throw HTTPError(.unsupportedMediaType, message: "send the questionnaire as application/json") }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 64 * 1024) } catch {
            throw HTTPError(.contentTooLarge, message: "a questionnaire is at most 64 KB of JSON")
        }
        let submission = try Submission.decode(Data(buffer: body))
        let checker = try await cache.checker(survey: submission.survey, db: db)
        for code in submission.answers.keys where !checker.itemCodes.contains(code) {
            throw HTTPError(.unprocessableContent, message: "answers.\(code): the survey \(submission.survey) has no item \(code)")
        }
        var validator = checker.validator
        let row = QuestionnaireRow(line: 1, unit: submission.unit, date: submission.date, channel: submission.channel,
                                   clientID: submission.clientID, answers: submission.answers)
        guard let questionnaire = validator.check(row) else {
            throw FileProblems(validator.problems.map { FileProblem(file: "submission", line: nil, column: $0.column, message: $0.message) })
        }
        if user.role.isUnitBound {
            guard let unit = validator.units.version(id: questionnaire.unitID),
                  let root = user.unitCode, try await cache.area(of: root, db: db).contains(unit.unit.code) else {
                throw AccessDenied(message: "\(user.username) may submit questionnaires for \(user.unitCode ?? "its unit") and the units below it only")
            }
        }
        switch try await SubmissionStore(db).submit(questionnaire, clientID: submission.clientID, surveyID: checker.surveyID, submittedBy: user.username) {
        case let .stored(id):
            return try ErrorMiddleware.json(.created, ["status": "stored", "id": "\(id)", "client_id": submission.clientID])
        case let .duplicate(id):
            return try ErrorMiddleware.json(.ok, ["status": "already stored", "id": "\(id)", "client_id": submission.clientID])
        case let .conflict(id):
            return try ErrorMiddleware.json(.conflict, [
                "status": "conflict", "id": "\(id)", "client_id": submission.clientID,
                "error": "client_id \(submission.clientID) was already used by this account for another questionnaire (response \(id)); nothing was stored or overwritten",
            ])
        }
    }

    // MARK: Units, templates, exports, kept reports, audit

    struct UnitNode: ResponseEncodable {
        var code: String
        var name: String
        var level: UnitLevel
        var children: [UnitNode]
    }

    func unitTree(_ request: Request, context: AppContext) async throws -> [UnitNode] {
        let list = try await units(request, context: context)
        let children = Dictionary(grouping: list, by: { $0.parent_code ?? "" })
        let codes = Set(list.map(\.code))
        func node(_ unit: UnitBody, depth: Int) -> UnitNode {
            UnitNode(code: unit.code, name: unit.name, level: unit.level,
                     children: depth > 8 ? [] : (children[unit.code] ?? []).map { node($0, depth: depth + 1) })
        }
        return list.filter { $0.parent_code.map { !codes.contains($0) } ?? true }.map { node($0, depth: 0) }
    }

    func tallyTemplate(_ request: Request, context: AppContext) async throws -> Response {
        try await TallyTemplateRequest.response(request, user: try context.requireUser(), db: db)
    }

    func export(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role != .viewer && user.role != .kiosk else { throw HTTPError(.forbidden, message: "exports are for analysts and uploaders; a viewer reads reports, a kiosk posts questionnaires") }
        let what = try context.parameters.require("what")
        let query = request.uri.queryParameters
        guard let surveyCode = query["survey"].map(String.init) else { throw HTTPError(.badRequest, message: "survey is required") }
        guard let period = query["period"].flatMap({ Period(String($0)) }) else { throw HTTPError(.badRequest, message: "period must be YYYY-MM, YYYY-Qn or YYYY") }
        let jsonLines = query["format"] == "jsonl"
        guard jsonLines || query["format"] == nil || query["format"] == "csv" else { throw HTTPError(.badRequest, message: "format must be csv or jsonl") }
        let (surveyID, survey) = try await SurveyStore(db).get(code: surveyCode)
        let header: [String], unitColumn: Int
        switch what {
        case "counts": header = ["unit", "unit_name", "period_kind", "period_start", "item", "option", "channel", "count"]; unitColumn = 0
        case "tallies": header = ["upload", "unit", "unit_name", "period_kind", "period_start", "item", "option", "count"]; unitColumn = 1
        case "responses": header = ["id", "unit", "date", "channel"] + survey.allItems.map(\.code); unitColumn = 1
        default: throw HTTPError(.notFound, message: "exports are responses, tallies or counts")
        }
        let area: Set<String>? = user.role == .uploader ? try await AccessPolicy.area(of: user, db: db) : nil
        let store = ExportStore(db)
        let db = self.db
        var headers = HTTPFields()
        headers[.contentType] = jsonLines ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"sipas-\(what)-\(period).\(jsonLines ? "jsonl" : "csv")\""
        _ = db
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var buffer = ByteBuffer()
            func line(_ fields: [String]) -> String {
                if jsonLines {
                    let object = Dictionary(uniqueKeysWithValues: zip(header, fields))
                    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                    return String(decoding: data, as: UTF8.self) + "\n"
                }
                return fields.map { TableExport.quote(TableExport.neutralised($0)) }.joined(separator: ",") + "\r\n"
            }
            if !jsonLines { buffer.writeString("\u{FEFF}" + line(header)) }
            let row: ([String]) async throws -> Void = { fields in
                if let area, !area.contains(fields[unitColumn]) { return }
                buffer.writeString(line(fields))
                if buffer.readableBytes > 64 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            switch what {
            case "counts": try await store.counts(surveyID: surveyID, from: period, to: period, row)
            case "tallies": try await store.tallies(surveyID: surveyID, from: period, to: period, row)
            default: try await store.responses(surveyID: surveyID, survey: survey, from: period, to: period, row)
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
            try await writer.finish(nil)
        })
    }

    struct KeptReport: ResponseEncodable {
        var id: Int
        var survey: String
        var period: String
        var generated_at: Date
        var generated_by: String
    }

    func monthlyReports(_ request: Request, context: AppContext) async throws -> [KeptReport] {
        let user = try context.requireUser()
        if user.role.isUnitBound { throw HTTPError(.forbidden, message: "kept monthly reports cover the whole province; an uploader reads its own unit's reports") }
        return try await MonthlyReportStore(db).list().map { KeptReport(id: $0.id, survey: $0.surveyCode, period: $0.period.description, generated_at: $0.generatedAt, generated_by: $0.generatedBy) }
    }

    func monthlyReport(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        if user.role.isUnitBound { throw HTTPError(.forbidden, message: "kept monthly reports cover the whole province; an uploader reads its own unit's reports") }
        let id = try context.parameters.require("id", as: Int.self)
        let part = try request.uri.queryParameters.closed("part", default: MonthlyReportStore.Part.json)
        return try await ReportDownloads(db).kept(id, part: part).response
    }

    struct AuditBody: ResponseEncodable {
        var id: Int
        var occurred_at: Date
        var actor: String
        var action: String
        var object_type: String
        var object_id: String
        var details: String
    }

    func audit(_ request: Request, context: AppContext) async throws -> [AuditBody] {
        try AccessPolicy.requireAdmin(try context.requireUser())
        let query = request.uri.queryParameters
        var since: Date?
        if let text = query["since"] {
            guard let date = ISO8601DateFormatter().date(from: String(text)) else { throw HTTPError(.badRequest, message: "since must be an ISO-8601 time, e.g. 2021-03-01T00:00:00Z") }
            since = date
        }
        return try await AuditLog.events(db, since: since, actor: query["user"].map(String.init)).map {
            AuditBody(id: $0.id, occurred_at: $0.occurredAt, actor: $0.actor, action: $0.action, object_type: $0.objectType, object_id: $0.objectID, details: $0.details)
        }
    }
}
