/// Everything `ReportBuilder` needs: the survey, the options as the report should state them,
/// and the counts, already carried to the chosen boundaries.
public struct ReportInput: Sendable {
    public var survey: Survey
    /// The period as it should appear in the JSON (`2021-03`, `2021-Q1`, `2021`, `2021-01..2021-06`).
    public var period: String
    /// Overrides the survey's `index.target` when set.
    public var target: Double?
    /// `as-reported`, `current` or a date `YYYY-MM-DD`.
    public var boundaries: String
    /// `self` or `area`.
    public var scope: String
    public var units: [ReportEntry]
    public var previousPeriod: String?
    public var yearEarlierPeriod: String?
    /// The unit the others are compared with (the province): pooled counts of everything in scope.
    public var reference: ReportEntry?
    public var unmappedUnits: [String]
    public var unmappedSeries: [String]
    /// Who had to report for the period and who did; passed into the report as it is.
    public var completeness: Completeness?
    /// The counts of each unit (in the order of `units`) per channel, when the report shows
    /// channels.
    public var channels: [[String: ItemCounts]]?
    /// How many flagged questionnaires the counts leave out, when they leave them out.
    public var excludedFlagged: Int?

    public init(
        survey: Survey, period: String, target: Double? = nil, boundaries: String = "as-reported",
        scope: String = "self", units: [ReportEntry], previousPeriod: String? = nil,
        yearEarlierPeriod: String? = nil, reference: ReportEntry? = nil, unmappedUnits: [String] = [],
        unmappedSeries: [String] = [], completeness: Completeness? = nil, channels: [[String: ItemCounts]]? = nil,
        excludedFlagged: Int? = nil
    ) {
        self.survey = survey
        self.period = period
        self.target = target
        self.boundaries = boundaries
        self.scope = scope
        self.units = units
        self.previousPeriod = previousPeriod
        self.yearEarlierPeriod = yearEarlierPeriod
        self.reference = reference
        self.unmappedUnits = unmappedUnits
        self.unmappedSeries = unmappedSeries
        self.completeness = completeness
        self.channels = channels
        self.excludedFlagged = excludedFlagged
    }
}
