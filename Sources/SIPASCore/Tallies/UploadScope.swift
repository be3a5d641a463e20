/// What an upload covers: one unit version in one period (a month or a quarter).
public struct UploadScope: Sendable, Hashable, Comparable {
    public var unitID: Int
    public var period: Period

    public init(unitID: Int, period: Period) {
        self.unitID = unitID
        self.period = period
    }

    public static func < (a: UploadScope, b: UploadScope) -> Bool { (a.unitID, a.period) < (b.unitID, b.period) }
}
