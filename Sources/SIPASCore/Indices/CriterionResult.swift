import Foundation

public struct CriterionResult: Sendable, Equatable {
    public var code: String
    public var estimate: IndexEstimate
    /// Answers at a satisfied level (4 and 5 by default).
    public var satisfied: Int
    /// Answers at any level 1–5 (the base).
    public var valid: Int
    public var noAnswer: Int
}
