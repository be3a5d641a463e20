/// A unit as read from a unit list, with the line it came from.
public struct UnitRow: Sendable, Equatable {
    public var line: Int
    public var unit: AdminUnit

    public init(line: Int, unit: AdminUnit) {
        self.line = line
        self.unit = unit
    }
}
