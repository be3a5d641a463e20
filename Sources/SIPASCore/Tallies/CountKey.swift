/// A counted cell of the aggregate: how many answers chose `option` of `item`, for a unit
/// version, a period and a channel ("" when the source does not say, as in tallies).
public struct CountKey: Sendable, Hashable, Comparable {
    public var unitID: Int
    public var period: Period
    public var item: String
    public var option: String
    public var channel: String

    public init(unitID: Int, period: Period, item: String, option: String, channel: String = "") {
        self.unitID = unitID
        self.period = period
        self.item = item
        self.option = option
        self.channel = channel
    }

    public static func < (a: CountKey, b: CountKey) -> Bool {
        (a.unitID, a.period, a.item, a.option, a.channel) < (b.unitID, b.period, b.item, b.option, b.channel)
    }
}
