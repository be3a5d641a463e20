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
    /// Whether units whose overall index lacks some criteria (no valid answer) are ranked
    /// all the same; by default they are shown, marked incomplete, and not ranked.
    public var rankIncomplete: Bool

    public init(
        satisfiedLevels: [Int] = [4, 5], elementRule: ElementRule = .meanOfCriteria,
        overallRule: OverallRule = .meanOfElements, overallItem: String? = nil,
        acrossUnits: AcrossUnits = .pooled, parWeight: Double = 10, target: Double = 91,
        minRespondents: Int = 30, confidence: Double = 0.95, rankIncomplete: Bool = false
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
        self.rankIncomplete = rankIncomplete
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
        case rankIncomplete = "rank_incomplete"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        satisfiedLevels = try c.decode([Int].self, forKey: .satisfiedLevels)
        elementRule = try c.decode(ElementRule.self, forKey: .elementRule)
        overallRule = try c.decode(OverallRule.self, forKey: .overallRule)
        overallItem = try c.decodeIfPresent(String.self, forKey: .overallItem)
        acrossUnits = try c.decode(AcrossUnits.self, forKey: .acrossUnits)
        parWeight = try c.decode(Double.self, forKey: .parWeight)
        target = try c.decode(Double.self, forKey: .target)
        minRespondents = try c.decode(Int.self, forKey: .minRespondents)
        confidence = try c.decode(Double.self, forKey: .confidence)
        rankIncomplete = try c.decodeIfPresent(Bool.self, forKey: .rankIncomplete) ?? false
    }

    /// `rank_incomplete` is written only when set, so that the canonical JSON (and the
    /// content hash) of every survey stored before the setting existed stays the same.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(satisfiedLevels, forKey: .satisfiedLevels)
        try c.encode(elementRule, forKey: .elementRule)
        try c.encode(overallRule, forKey: .overallRule)
        try c.encodeIfPresent(overallItem, forKey: .overallItem)
        try c.encode(acrossUnits, forKey: .acrossUnits)
        try c.encode(parWeight, forKey: .parWeight)
        try c.encode(target, forKey: .target)
        try c.encode(minRespondents, forKey: .minRespondents)
        try c.encode(confidence, forKey: .confidence)
        if rankIncomplete { try c.encode(rankIncomplete, forKey: .rankIncomplete) }
    }
}
