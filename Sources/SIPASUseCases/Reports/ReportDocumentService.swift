import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// The printable report: the period's report with the province's 12-month trend and the
/// uploads the numbers come from, rendered as one self-contained HTML file.
public struct ReportDocumentService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public func html(_ request: ReportService.Request, language: Language, title: String? = nil, now: Date = Date()) async throws -> String
    {
        let (report, survey) = try await ReportService(db).report(request)
        return try await html(report, survey: survey, request: request, language: language, title: title, now: now)
    }

    /// Renders a report already computed for `request`; `navigation` puts links above it.
    /// With `uploadsWithin` (the area of an account bound to a unit), the list of uploads
    /// names only uploads that lie wholly inside that area.
    public func html(
        _ report: Report, survey: Survey, request: ReportService.Request, language: Language, title: String? = nil, now: Date = Date(),
        navigation: ReportNavigation? = nil, uploadsWithin area: AccessArea? = nil
    ) async throws -> String {
        let (surveyID, _) = try await SurveyStore(db).get(
            code: request.surveyCode, version: request.surveyVersion, from: request.from, to: request.to)
        // The province month by month, the twelve months up to the end of the report.
        let last = Period.month(request.to.lastDay.year, request.to.lastDay.month)
        let firstIndex = last.year * 12 + last.firstMonth - 1 - 11
        let first = Period.month(firstIndex / 12, firstIndex % 12 + 1)
        let byPeriod = try await ReportStore(db).countsByPeriod(surveyID: surveyID, from: first, to: last)
        let calculator = IndexCalculator(survey: survey)
        let trend = byPeriod.keys.filter { $0.kind == .month }.sorted().map { month -> TrendPoint in
            let total = byPeriod[month]!.values.reduce(into: ItemCounts()) { $0.add($1) }
            let result = calculator.compute(total)
            return TrendPoint(
                period: month.description, respondents: result.respondents, estimate: Report.Estimate(result.overall), language: language)
        }
        let store = UploadStore(db)
        var shown = try await store.uploads(surveyID: surveyID, from: request.from, to: request.to)
        if let area {
            let versions = try await store.unitVersions(of: shown.map(\.id))
            shown = shown.filter { versions[$0.id, default: []].isSubset(of: area.versionIDs) }
        }
        let uploads = shown.map {
            UploadInfo(
                id: $0.id, fileName: $0.fileName, uploadedBy: $0.uploadedBy, uploadedAt: VietnamTime.minutes($0.uploadedAt),
                status: $0.status.rawValue)
        }
        let input = HTMLReportInput(
            report: report, survey: survey, language: language, trend: trend, uploads: uploads,
            generatedAt: VietnamTime.minutes(now) + (language == .vi ? " (giờ Việt Nam)" : " (Vietnam time)"), title: title,
            navigation: navigation)
        return try HTMLReport.render(input)
    }

}
