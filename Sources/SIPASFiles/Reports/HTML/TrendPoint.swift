import SIPASCore

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
