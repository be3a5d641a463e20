/// The configurable rules of SIPAS.md §5, set per survey.
public struct IndexSettings: Codable, Sendable, Equatable {
    /// How an element index is formed from its criteria.
    public enum ElementRule: String, Codable, Sendable, CaseIterable {
        /// Simple mean of the criterion indices (default).
        case meanOfCriteria = "mean_of_criteria"
        /// Share satisfied over all answers of the element together.
        case pooled
    }

    /// How the overall index (SIPAS) is formed.
    public enum OverallRule: String, Codable, Sendable, CaseIterable {
        case meanOfElements = "mean_of_elements"
        case meanOfCriteria = "mean_of_criteria"
        /// Mean of the part indices, each the mean of its elements (sipas-2023).
        case meanOfParts = "mean_of_parts"
        /// The share satisfied on a direct "overall satisfaction" item.
        case directItem = "direct_item"
    }

    /// How indices of several units are combined.
    public enum AcrossUnits: String, Codable, Sendable, CaseIterable {
        /// Add up the counts, then compute (default).
        case pooled
        /// Average the indices of the units (only when the user asks for it).
        case meanOfUnits = "mean_of_units"
    }

    public var satisfiedLevels: [Int]
    public var elementRule: ElementRule
    public var overallRule: OverallRule
    public var overallItem: String?
    public var acrossUnits: AcrossUnits
    public var parWeight: Double
    public var target: Double
    public var minRespondents: Int
    public var confidence: Double

    public init(
        satisfiedLevels: [Int] = [4, 5], elementRule: ElementRule = .meanOfCriteria,
        overallRule: OverallRule = .meanOfElements, overallItem: String? = nil,
        acrossUnits: AcrossUnits = .pooled, parWeight: Double = 10, target: Double = 91,
        minRespondents: Int = 30, confidence: Double = 0.95
    ) {
        self.satisfiedLevels = satisfiedLevels
        self.elementRule = elementRule
        self.overallRule = overallRule
        self.overallItem = overallItem
        self.acrossUnits = acrossUnits
        self.parWeight = parWeight
        self.target = target
        self.minRespondents = minRespondents
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case satisfiedLevels = "satisfied_levels"
        case elementRule = "element_rule"
        case overallRule = "overall_rule"
        case overallItem = "overall_item"
        case acrossUnits = "across_units"
        case parWeight = "par_weight"
        case target
        case minRespondents = "min_respondents"
        case confidence
    }
}
