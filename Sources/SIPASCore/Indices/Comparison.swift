public struct Comparison: Sendable, Equatable {
    public var difference: Double
    public var z: Double
    public var p: Double
    public var pAdjusted: Double
    public var standing: Standing
}
