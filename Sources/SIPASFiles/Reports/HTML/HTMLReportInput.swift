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

    /// Creates the input; every field is public and may be changed afterwards.
    public init(
        report: Report, survey: Survey, language: Language = .vi, trend: [TrendPoint] = [], uploads: [UploadInfo] = [],
        generatedAt: String, title: String? = nil
    ) {
        self.report = report
        self.survey = survey
        self.language = language
        self.trend = trend
        self.uploads = uploads
        self.generatedAt = generatedAt
        self.title = title
    }
}

/// One point of the province's trend: a period and its overall index with interval.
public struct TrendPoint: Sendable, Equatable {
    /// The period as written in reports (`2021-03`).
    public var period: String
    /// The axis label ("T3/2021", "Mar 2021"); see `TrendPoint.label(for:language:)`.
    public var label: String
    /// Questionnaires counted in the period.
    public var respondents: Int
    /// The overall index and its interval; nil values are drawn as a gap.
    public var estimate: Report.Estimate

    /// Creates a point with an explicit label.
    public init(period: String, label: String, respondents: Int, estimate: Report.Estimate) {
        self.period = period
        self.label = label
        self.respondents = respondents
        self.estimate = estimate
    }

    /// Creates a point labelled the usual way for `language` (see `label(for:language:)`).
    public init(period: String, respondents: Int, estimate: Report.Estimate, language: Language) {
        self.init(period: period, label: Self.label(for: period, language: language), respondents: respondents, estimate: estimate)
    }

    /// A short axis label: "T3/2021" / "Mar 2021" for a month, "Q1/2021" / "Q1 2021" for a quarter,
    /// the year for a year; anything else as given.
    public static func label(for period: String, language: Language) -> String {
        guard let p = Period(period) else { return period }
        switch (p.kind, language) {
        case (.month, .vi): return "T\(p.firstMonth)/\(p.year)"
        case (.month, .en): return "\(shortEnglishMonths[p.firstMonth - 1]) \(p.year)"
        case (.quarter, .vi): return "Q\(p.quarterNumber)/\(p.year)"
        case (.quarter, .en): return "Q\(p.quarterNumber) \(p.year)"
        case (.year, _): return "\(p.year)"
        }
    }

    static let shortEnglishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

/// One upload the report's numbers come from (provenance).
public struct UploadInfo: Sendable, Equatable {
    /// The upload's number in the database.
    public var id: Int
    /// The file name as uploaded (printed escaped).
    public var fileName: String
    /// Who uploaded it (name and office, as the caller wants it printed).
    public var uploadedBy: String
    /// When it was uploaded, as the caller wants it printed.
    public var uploadedAt: String
    /// The upload's status (e.g. "accepted"), as stored.
    public var status: String

    /// Creates an upload record; every field is printed as given.
    public init(id: Int, fileName: String, uploadedBy: String, uploadedAt: String, status: String) {
        self.id = id
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
        self.status = status
    }
}
