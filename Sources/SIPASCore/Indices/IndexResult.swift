import Foundation

/// Everything SIPAS.md §5 computes for one cell.
public struct IndexResult: Sendable, Equatable {
    public var respondents: Int
    public var overall: IndexEstimate
    public var parts: [ComponentResult]
    public var elements: [ComponentResult]
    public var criteria: [CriterionResult]
    public var observations: [ObservationResult]
    /// PAR-Index points: overall × weight / 100.
    public var parPoints: Double?
    /// Fewer respondents than the survey's minimum: shown, but out of rankings and verdicts.
    public var tooFewResponses: Bool
}
