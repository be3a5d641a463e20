import Foundation

/// A part's or an element's index.
public struct ComponentResult: Sendable, Equatable {
    public var code: String
    public var estimate: IndexEstimate
    /// The criteria it was computed without (no valid answer), in the survey's order; empty
    /// when complete (SIPAS.md §5.1).
    public var missing: [String]

    public init(code: String, estimate: IndexEstimate, missing: [String] = []) {
        self.code = code
        self.estimate = estimate
        self.missing = missing
    }
}
