/// A stored version of a unit: its database id and the days it is valid (inclusive;
/// `validTo` nil = still valid). Data are attached to the version valid on their date.
public struct UnitVersion: Sendable, Hashable, Codable {
    public var id: Int
    public var unit: AdminUnit
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?

    public init(id: Int, unit: AdminUnit, validFrom: CalendarDate, validTo: CalendarDate?) {
        self.id = id
        self.unit = unit
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }

    /// "2020-01-01 – 2025-06-30" or "from 2025-07-01".
    public var validity: String {
        validTo.map { "\(validFrom) – \($0)" } ?? "from \(validFrom)"
    }
}
