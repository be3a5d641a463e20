import Foundation

/// Everything SIPAS.md §5 computes for one cell.
public struct IndexResult: Sendable, Equatable {
    public var respondents: Int
    public var overall: IndexEstimate
    /// The criteria the overall index was computed without (no valid answer), in the survey's
    /// order; empty when complete. An incomplete unit is not ranked unless the survey says
    /// `rank_incomplete`.
    public var missing: [String]
    public var parts: [ComponentResult]
    public var elements: [ComponentResult]
    public var criteria: [CriterionResult]
    public var observations: [ObservationResult]
    /// PAR-Index points: overall × weight / 100.
    public var parPoints: Double?
    /// Fewer respondents than the survey's minimum: shown, but out of rankings and verdicts.
    public var tooFewResponses: Bool
}
