import Foundation
import Hummingbird
import NIOCore
import SIPASCore
import SIPASFiles
import SIPASStore

/// What an account may touch, shared by the JSON API and the web pages so that both refuse
/// the same things.
enum Access {
    /// The codes of an uploader's unit and every unit below it (in any structure version).
    static func area(of user: AuthUser, db: Database) async throws -> Set<String> {
        guard let root = user.unitCode else { return [] }
        return area(of: root, in: try await UnitStore(db).allVersions())
    }

    /// The codes of `root` and every unit below it among `units`.
    static func area(of root: String, in units: [UnitVersion]) -> Set<String> {
        let children = Dictionary(grouping: units, by: { $0.unit.parentCode ?? "" })
        var area: Set<String> = [root]
        var queue = [root]
        while let code = queue.popLast() {
            for child in children[code] ?? [] where area.insert(child.unit.code).inserted { queue.append(child.unit.code) }
        }
        return area
    }

    /// The units a report may be asked for: an uploader reads its own unit (and its area)
    /// only, and by default its own unit.
    static func reportUnits(_ requested: [String], user: AuthUser, db: Database) async throws -> [String] {
        guard user.role == .uploader else { return requested }
        guard let own = user.unitCode else { throw HTTPError(.forbidden) }
        let area = try await area(of: user, db: db)
        let units = requested.isEmpty ? [own] : requested
        guard units.allSatisfy({ area.contains($0) }) else {
            throw HTTPError(.forbidden, message: "you may read reports for \(own) and the units below it only")
        }
        return units
    }

    /// The uploads an account may see, newest first: an uploader those wholly inside its area.
    static func visibleUploads(_ user: AuthUser, db: Database, limit: Int = 500) async throws -> [UploadStore.Upload] {
        let store = UploadStore(db)
        let all = try await store.list(limit: limit)
        guard user.role == .uploader else { return all }
        let area = try await area(of: user, db: db)
        let codes = try await store.unitCodes(of: all.map(\.id))
        return all.filter { (codes[$0.id] ?? []).isSubset(of: area) }
    }

    /// One upload with its scopes, or 403 (`denied`) when an uploader's area does not hold it.
    static func upload(_ id: Int, user: AuthUser, db: Database, denied: String) async throws -> (UploadStore.Upload, [UploadStore.ScopeSummary]) {
        let store = UploadStore(db)
        let upload = try await store.get(id)
        let scopes = try await store.scopes(of: id)
        if user.role == .uploader {
            let area = try await area(of: user, db: db)
            guard scopes.allSatisfy({ area.contains($0.unitCode) }) else { throw HTTPError(.forbidden, message: denied) }
        }
        return (upload, scopes)
    }

    /// The blank tally sheet of `?survey&unit&period[&children=true][&format=csv|xlsx]`, for the
    /// page and the API alike; an uploader gets its area's units only.
    static func tallyTemplate(_ request: Request, user: AuthUser, db: Database) async throws -> Response {
        try requireImport(user)
        let query = request.uri.queryParameters
        let survey = query["survey"].map(String.init) ?? ""
        guard let period = query["period"].flatMap({ Period(String($0)) }), period.kind != .year else {
            throw HTTPError(.badRequest, message: "Kỳ phải là tháng YYYY-MM hoặc quý YYYY-Qn.")
        }
        let codes = (query["unit"].map(String.init) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !codes.isEmpty else { throw HTTPError(.badRequest, message: "Cần mã đơn vị.") }
        if user.role == .uploader {
            let area = try await area(of: user, db: db)
            guard codes.allSatisfy({ area.contains($0) }) else { throw HTTPError(.forbidden, message: "Chỉ tải được mẫu của đơn vị mình và các đơn vị trực thuộc.") }
        }
        let sheet: TallyTemplate
        do {
            sheet = try await TemplateService(db).template(surveyCode: survey, unitCodes: codes, children: query["children"] == "true", period: period)
        } catch let error as TemplateService.TemplateError {
            throw HTTPError(.badRequest, message: error.description)
        }
        let stem = "tally-\(codes.joined(separator: "_"))-\(period)"
        if query["format"] == "csv" {
            return ReportDownload.file(Array(sheet.csv()), type: "text/csv; charset=utf-8", name: stem + ".csv")
        }
        let bytes = try ReportDownload.temporaryFile { try sheet.writeXLSX(to: $0) }
        return ReportDownload.file(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: stem + ".xlsx")
    }

    static func requireImport(_ user: AuthUser) throws {
        guard user.mayImport else { throw HTTPError(.forbidden, message: "a viewer cannot import files") }
    }

    static func requireAnalyst(_ user: AuthUser, _ what: String) throws {
        guard user.role == .admin || user.role == .analyst else { throw HTTPError(.forbidden, message: "only analysts and admins \(what)") }
    }

    static func requireAdmin(_ user: AuthUser) throws {
        guard user.role == .admin else { throw HTTPError(.forbidden, message: "only admins manage accounts") }
    }

    /// Only the last path component, without characters a path or a header could abuse.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "upload.csv"
        let cleaned = last.filter { !$0.isNewline && $0 != "\0" && $0 != "<" && $0 != ">" && $0 != "\"" && !$0.unicodeScalars.contains(where: { $0.value < 0x20 }) }
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "upload.csv" : String(cleaned.prefix(200))
    }
}

/// Runs an uploaded file through ImportService: the same checks and error list as the CLI.
struct UploadRunner {
    let db: Database

    enum Kind: String { case tallies, responses }

    let maxBytes: Int

    func run(kind: Kind, survey: String, fileName: String, bytes: ByteBuffer, replace: Bool, check: Bool, user: AuthUser) async throws -> ImportService.Result {
        try Access.requireImport(user)
        guard bytes.readableBytes > 0 else { throw HTTPError(.badRequest, message: "the file is empty; choose a CSV or XLSX file") }
        guard bytes.readableBytes <= maxBytes else {
            throw HTTPError(.contentTooLarge, message: "the file is larger than the limit of \(Double(maxBytes) / 1_048_576) MB")
        }
        let name = Access.safeFileName(fileName)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(buffer: bytes).write(to: url)
        var options = ImportService.Options(surveyCode: survey, replace: replace, checkOnly: check, actor: user.username, displayName: name, today: .today())
        if user.role == .uploader { options.allowedUnitCodes = try await Access.area(of: user, db: db) }
        let service = ImportService(db)
        return kind == .tallies ? try await service.importTallies(url, options: options) : try await service.importQuestionnaires(url, options: options)
    }
}

/// A report as a file to download: HTML, XLSX, CSV (one table) or JSON.
enum ReportDownload {
    enum Format: String { case json, html, xlsx, csv }

    static func response(_ report: Report, survey: Survey, request: ReportService.Request, format: Format, table: String?, db: Database, title: String? = nil) async throws -> Response {
        let stem = "sipas-\(report.survey)-\(report.period)"
        switch format {
        case .json:
            // What JSONEncoder with [.sortedKeys, .withoutEscapingSlashes] writes, byte for byte.
            return file(try report.jsonBytes(.compact), type: "application/json; charset=utf-8", name: nil)
        case .html:
            let html = try await ReportDocumentService(db).html(report, survey: survey, request: request, language: .vi, title: title)
            return file(Array(html.utf8), type: "text/html; charset=utf-8", name: nil)
        case .xlsx:
            let bytes = try temporaryFile { try TableExport.xlsx(ReportTables.tables(report, survey: survey, language: .vi), to: $0) }
            return file(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: stem + ".xlsx")
        case .csv:
            let tables = ReportTables.tables(report, survey: survey, language: .vi)
            let name = table ?? "units"
            guard let one = tables.first(where: { $0.name == name }) else {
                throw HTTPError(.badRequest, message: "table must be one of \(ReportTables.names.joined(separator: ", "))")
            }
            return file(Array(TableExport.csv(one)), type: "text/csv; charset=utf-8", name: "\(stem)-\(name).csv")
        }
    }

    /// A kept monthly report: its HTML, JSON or XLSX as it was generated.
    static func kept(_ id: Int, part: String, db: Database) async throws -> Response {
        guard let which = MonthlyReportStore.Part(rawValue: part) else { throw HTTPError(.badRequest, message: "part must be html, json or xlsx") }
        let bytes = try await MonthlyReportStore(db).content(id, part: which)
        switch which {
        case .html: return file(bytes, type: "text/html; charset=utf-8", name: nil)
        case .json: return file(bytes, type: "application/json; charset=utf-8", name: "sipas-bao-cao-\(id).json")
        case .xlsx: return file(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "sipas-bao-cao-\(id).xlsx")
        }
    }

    static func file(_ bytes: [UInt8], type: String, name: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(Access.safeFileName(name))\"" }
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Lets `write` fill a temporary file and returns its bytes.
    static func temporaryFile(_ write: (URL) throws -> Void) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-\(UUID().uuidString).tmp")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        return Array(try Data(contentsOf: url))
    }
}
