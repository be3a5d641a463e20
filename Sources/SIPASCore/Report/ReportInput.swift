/// A unit as a report names it.
public struct ReportUnit: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: UnitLevel

    public init(code: String, name: String, level: UnitLevel) {
        self.code = code
        self.name = name
        self.level = level
    }
}

/// The counts of one unit of a report: this period, the earlier periods it is compared with,
/// and — for `across_units: mean_of_units` — the counts of its member units.
public struct ReportEntry: Sendable {
    public var unit: ReportUnit
    /// The pooled counts of the unit in the period (everything in its scope, added up).
    public var counts: ItemCounts
    /// The pooled counts of the previous period, if it is to be compared.
    public var previous: ItemCounts?
    /// The pooled counts of the same period a year earlier, if it is to be compared.
    public var yearEarlier: ItemCounts?
    /// The counts of each member unit (only used when the survey says `mean_of_units`);
    /// empty: the unit is its own counts.
    public var parts: [ItemCounts]
    /// The member units' counts of the previous period (for `mean_of_units`).
    public var previousParts: [ItemCounts]
    /// The member units' counts a year earlier (for `mean_of_units`).
    public var yearEarlierParts: [ItemCounts]

    public init(
        unit: ReportUnit, counts: ItemCounts, previous: ItemCounts? = nil, yearEarlier: ItemCounts? = nil,
        parts: [ItemCounts] = [], previousParts: [ItemCounts] = [], yearEarlierParts: [ItemCounts] = []
    ) {
        self.unit = unit
        self.counts = counts
        self.previous = previous
        self.yearEarlier = yearEarlier
        self.parts = parts
        self.previousParts = previousParts
        self.yearEarlierParts = yearEarlierParts
    }
}

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

    public init(
        survey: Survey, period: String, target: Double? = nil, boundaries: String = "as-reported",
        scope: String = "self", units: [ReportEntry], previousPeriod: String? = nil,
        yearEarlierPeriod: String? = nil, reference: ReportEntry? = nil, unmappedUnits: [String] = [],
        unmappedSeries: [String] = []
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
    }
}
