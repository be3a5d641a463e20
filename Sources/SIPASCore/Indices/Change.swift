/// A change between two periods of the same unit.
public struct Change: Sendable, Equatable {
    public var from: Double
    public var to: Double
    public var difference: Double
    public var p: Double
    public var significant: Bool
}
