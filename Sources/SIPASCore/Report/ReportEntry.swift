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
