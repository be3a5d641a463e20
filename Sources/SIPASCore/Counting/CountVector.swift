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
