import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// A report, or a kept monthly report, as a file to hand out (the API and the web pages).
public struct ReportDownloads: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// `report` in `format`; with `.csv`, the one table named `table` (default: units); with
    /// `.docx` and `.pdf`, issued as `document` says (default: Hà Tĩnh's Sở Nội vụ). For an
    /// account bound to a unit, `uploadsWithin` is its area: the HTML names only its uploads.
    public func download(
        _ report: Report, survey: Survey, request: ReportService.Request, format: ReportFormat, table: String?,
        title: String? = nil, document: DocumentSettings = DocumentSettings(), uploadsWithin area: AccessArea? = nil
    ) async throws -> Download {
        let stem = "sipas-\(report.survey)-\(report.period)"
        switch format {
        case .json:
            // What JSONEncoder with [.sortedKeys, .withoutEscapingSlashes] writes, byte for byte.
            return Download(bytes: try report.jsonBytes(.compact), contentType: Download.jsonType, fileName: nil)
        case .text:
            let text = ReportText.render(report, survey: survey, language: .vi) + "\n"
            return Download(bytes: Array(text.utf8), contentType: "text/plain; charset=utf-8", fileName: nil)
        case .html:
            let html = try await ReportDocumentService(db).html(
                report, survey: survey, request: request, language: .vi, title: title, uploadsWithin: area)
            return Download(bytes: Array(html.utf8), contentType: Download.htmlType, fileName: nil)
        case .xlsx:
            let bytes = try TemporaryFile.bytes { try TableExport.xlsx(ReportTables.tables(report, survey: survey, language: .vi), to: $0) }
            return Download(bytes: bytes, contentType: Download.xlsxType, fileName: stem + ".xlsx")
        case .csv:
            let tables = ReportTables.tables(report, survey: survey, language: .vi)
            let name = table ?? "units"
            guard let one = tables.first(where: { $0.name == name }) else {
                throw InvalidArgument(field: "table", value: name, expected: ReportTables.names)
            }
            return Download(bytes: Array(TableExport.csv(one)), contentType: Download.csvType, fileName: "\(stem)-\(name).csv")
        case .docx:
            let input = DOCXReportInput(
                report: report, survey: survey, settings: document, today: request.today, notReported: Self.notReported(report))
            let bytes = try DOCXWriter.bytes(input)
            return Download(bytes: bytes, contentType: Download.docxType, fileName: stem + ".docx")
        case .pdf:
            let bytes: [UInt8]
            switch PDFPrinter.route {
            case .libreOffice:
                let input = DOCXReportInput(
                    report: report, survey: survey, settings: document, today: request.today, notReported: Self.notReported(report))
                bytes = try await Self.outsideThePool { try PDFPrinter.pdf(docx: DOCXWriter.bytes(input)) }
            case .chromium:
                let html = try await ReportDocumentService(db).html(
                    report, survey: survey, request: request, language: .vi, title: title, uploadsWithin: area)
                bytes = try await Self.outsideThePool { try PDFPrinter.pdf(html: html) }
            case nil:
                throw PDFPrinter.missing
            }
            return Download(bytes: bytes, contentType: Download.pdfType, fileName: stem + ".pdf")
        }
    }

    /// The units that sent nothing ("code name"), from the report's completeness (a report of
    /// one month or quarter; for named units, those in their areas); nil for other reports
    /// (the document then names the units of the report without questionnaires).
    static func notReported(_ report: Report) -> [String]? {
        report.completeness.map { $0.missingUnits.map { "\($0.code) \($0.name)" } }
    }

    /// Runs blocking work (a PDF printer runs for seconds) on a Dispatch thread, so that the
    /// server's cooperative threads stay free.
    static func outsideThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A kept monthly report: its HTML, JSON or XLSX as it was generated.
    public func kept(_ id: Int, part: MonthlyReportStore.Part) async throws -> Download {
        let bytes = try await MonthlyReportStore(db).content(id, part: part)
        switch part {
        case .html: return Download(bytes: bytes, contentType: Download.htmlType, fileName: nil)
        case .json: return Download(bytes: bytes, contentType: Download.jsonType, fileName: "sipas-bao-cao-\(id).json")
        case .xlsx: return Download(bytes: bytes, contentType: Download.xlsxType, fileName: "sipas-bao-cao-\(id).xlsx")
        }
    }
}
