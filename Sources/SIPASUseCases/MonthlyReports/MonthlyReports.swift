import Foundation
import Logging
import SIPASCore
import SIPASFiles
import SIPASStore

/// The monthly reports of the province: generated for the previous month on a configured day
/// of each month (and on request), kept in the database as HTML, JSON and XLSX.
public struct MonthlyReports: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// Generates and keeps the report of one survey and month for the whole province.
    @discardableResult
    public func generate(surveyCode: String, period: Period, actor: String, now: Date = Date()) async throws -> Int {
        let (surveyID, _) = try await SurveyStore(db).get(code: surveyCode, version: nil, from: period, to: period)
        let request = ReportService.Request(surveyCode: surveyCode, from: period, to: period, today: .today())
        let (report, survey) = try await ReportService(db).report(request)
        let title = "Báo cáo chỉ số hài lòng (SIPAS) — \(period.label(.vi))"
        let html = try await ReportDocumentService(db).html(report, survey: survey, request: request, language: .vi, title: title, now: now)
        // What JSONEncoder with [.sortedKeys, .withoutEscapingSlashes] writes, byte for byte.
        let json = String(decoding: try report.jsonBytes(.compact), as: UTF8.self)
        let xlsx = try TemporaryFile.bytes { try TableExport.xlsx(ReportTables.tables(report, survey: survey, language: .vi), to: $0) }
        return try await MonthlyReportStore(db).save(surveyID: surveyID, period: period, html: html, json: json, xlsx: xlsx, actor: actor)
    }

    /// On or after `day` of the month (Vietnam's calendar), generates the previous month's
    /// report of every survey that has data for it and no kept report yet. Returns the ids made.
    public func generateDue(today: CalendarDate, day: Int, logger: Logger) async throws -> [Int] {
        guard day > 0, today.day >= day else { return [] }
        let index = today.year * 12 + today.month - 1 - 1
        let previous = Period.month(index / 12, index % 12 + 1)
        var made: [Int] = []
        for code in Set(try await SurveyStore(db).list().map(\.code)).sorted() {
            let (surveyID, _) = try await SurveyStore(db).get(code: code, version: nil, from: previous, to: previous)
            guard try await !MonthlyReportStore(db).exists(surveyID: surveyID, period: previous) else { continue }
            let counts = try await ReportStore(db).counts(surveyID: surveyID, from: previous, to: previous)
            guard !counts.isEmpty else { continue }
            let id = try await generate(surveyCode: code, period: previous, actor: "sipas-scheduler")
            logger.info("generated the monthly report", metadata: ["survey": "\(code)", "period": "\(previous)", "id": "\(id)"])
            made.append(id)
        }
        return made
    }
}
