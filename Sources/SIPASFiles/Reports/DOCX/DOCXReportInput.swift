import SIPASCore

/// What the Word report is made from: the period's report, its survey, who issues it, and the
/// day it is dated.
public struct DOCXReportInput: Sendable {
    public var report: Report
    public var survey: Survey
    public var settings: DocumentSettings
    /// The date printed in the header when the settings give none (Vietnam's today).
    public var today: CalendarDate
    /// The units that were due to report and sent nothing for the period ("code name"), as
    /// the report's completeness lists them; nil when the report carries none (a year, a span
    /// of periods): the document then names the units in it that have no questionnaires
    /// instead, and says that it does so.
    public var notReported: [String]?

    public init(
        report: Report, survey: Survey, settings: DocumentSettings = DocumentSettings(), today: CalendarDate, notReported: [String]? = nil
    ) {
        self.report = report
        self.survey = survey
        self.settings = settings
        self.today = today
        self.notReported = notReported
    }
}
