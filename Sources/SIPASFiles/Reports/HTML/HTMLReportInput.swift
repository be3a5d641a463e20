import SIPASCore

/// Everything the HTML report needs: the period's report and what the report itself does not
/// carry (the survey texts, the trend, the provenance, the time of generation).
///
/// The renderer is pure: the caller supplies the clock (`generatedAt`) and the history.
public struct HTMLReportInput: Sendable {
    /// The period's report; its `reference` is the province.
    public var report: Report
    /// The survey the report was computed with (titles and texts of elements, criteria, items).
    public var survey: Survey
    /// The language of the report (Vietnamese by default).
    public var language: Language
    /// The province's overall index for up to 12 periods ending with the report period, oldest first.
    public var trend: [TrendPoint]
    /// The uploads the numbers come from.
    public var uploads: [UploadInfo]
    /// When the report was generated, as the caller wants it printed (e.g. "2026-11-27 19:05 (giờ Việt Nam)").
    public var generatedAt: String
    /// The document title; nil for "Báo cáo chỉ số hài lòng (SIPAS) — Tháng 3/2021" or its English equivalent.
    public var title: String?
    /// Links shown above the report in the web app; nil for a printed or downloaded report.
    public var navigation: ReportNavigation?

    /// Creates the input; every field is public and may be changed afterwards.
    public init(
        report: Report, survey: Survey, language: Language = .vi, trend: [TrendPoint] = [], uploads: [UploadInfo] = [],
        generatedAt: String, title: String? = nil, navigation: ReportNavigation? = nil
    ) {
        self.report = report
        self.survey = survey
        self.language = language
        self.trend = trend
        self.uploads = uploads
        self.generatedAt = generatedAt
        self.title = title
        self.navigation = navigation
    }
}
