/// One count of a tally file as written, before validation: the unit, period, item and
/// option as text, and the count as text (so that "12,5" or "abc" can be reported).
public struct TallyEntry: Sendable, Equatable {
    public var unit: String
    public var period: String
    public var item: String
    public var option: String
    public var count: String
    /// Where each field came from; a template repeats the unit and period of its header block.
    public var unitAt: CellLocation
    public var periodAt: CellLocation
    public var itemAt: CellLocation
    public var optionAt: CellLocation
    public var countAt: CellLocation

    public init(
        unit: String, period: String, item: String, option: String, count: String,
        unitAt: CellLocation, periodAt: CellLocation, itemAt: CellLocation, optionAt: CellLocation, countAt: CellLocation
    ) {
        self.unit = unit
        self.period = period
        self.item = item
        self.option = option
        self.count = count
        self.unitAt = unitAt
        self.periodAt = periodAt
        self.itemAt = itemAt
        self.optionAt = optionAt
        self.countAt = countAt
    }

    /// The item code of the row that gives the number of questionnaires.
    public static let questionnairesItem = "questionnaires"
}
