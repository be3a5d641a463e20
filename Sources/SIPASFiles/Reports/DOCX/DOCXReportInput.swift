import SIPASCore

/// What the Word report is made from: the period's report, its survey, who issues it, and the
/// day it is dated.
public struct DOCXReportInput: Sendable {
    public var report: Report
    public var survey: Survey
    public var settings: DocumentSettings
    /// The date printed in the header when the settings give none (Vietnam's today).
    public var today: CalendarDate
    /// Hook for the units that were due to report and sent nothing for the period, by name.
    /// The report model does not carry this yet (completeness is being added to SIPASCore);
    /// until it does, this is nil and the report names the units in it that have no
    /// questionnaires instead, and says that it does so.
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
