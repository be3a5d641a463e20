/// A succession as read from a change list, with the line it came from.
public struct UnitChangeRow: Sendable, Equatable {
    public var line: Int
    public var change: UnitChange

    public init(line: Int, change: UnitChange) {
        self.line = line
        self.change = change
    }
}
