import Foundation

/// The counts of one unit version in one period through one channel ("" for tallies), in the
/// slots of a `SlotLayout`.
public struct CountVector: Sendable, Equatable {
    public var unitID: Int
    public var period: Period
    public var channel: String
    public var counts: [Int64]

    public init(unitID: Int, period: Period, channel: String, counts: [Int64]) {
        self.unitID = unitID
        self.period = period
        self.channel = channel
        self.counts = counts
    }
}

/// A count that has no slot in the survey's layout (the validators only accept items and
/// options of the survey, so this means the layout and the survey disagree).
public struct CountWithoutSlot: Error, CustomStringConvertible {
    public var item: String
    public var option: String
    public var description: String {
        "the count of \(item)/\(option.isEmpty ? "\"\"" : option) has no slot in the survey's stored count layout; nothing was written"
    }
}
