import Foundation

extension Report {
    /// How the numbers were computed: the survey's rules and the report's options.
    public struct Method: Codable, Sendable, Equatable {
        public var satisfiedLevels: [Int]
        public var elementRule: IndexSettings.ElementRule
        public var overallRule: IndexSettings.OverallRule
        public var acrossUnits: IndexSettings.AcrossUnits
        public var confidence: Double
        public var minRespondents: Int
        public var parWeight: Double
        /// `as-reported`, `current` or a date `YYYY-MM-DD`.
        public var boundaries: String
        /// `self` (the unit's own office) or `area` (the unit and everything under it).
        public var scope: String
        /// A sentence: how the intervals are computed.
        public var interval: String
        /// A sentence: how units are compared with the reference and ranked.
        public var comparison: String

        public init(
            satisfiedLevels: [Int], elementRule: IndexSettings.ElementRule, overallRule: IndexSettings.OverallRule,
            acrossUnits: IndexSettings.AcrossUnits, confidence: Double, minRespondents: Int, parWeight: Double,
            boundaries: String, scope: String, interval: String, comparison: String
        ) {
            self.satisfiedLevels = satisfiedLevels
            self.elementRule = elementRule
            self.overallRule = overallRule
            self.acrossUnits = acrossUnits
            self.confidence = confidence
            self.minRespondents = minRespondents
            self.parWeight = parWeight
            self.boundaries = boundaries
            self.scope = scope
            self.interval = interval
            self.comparison = comparison
        }

        enum CodingKeys: String, CodingKey {
            case confidence, boundaries, scope, interval, comparison
            case satisfiedLevels = "satisfied_levels"
            case elementRule = "element_rule"
            case overallRule = "overall_rule"
            case acrossUnits = "across_units"
            case minRespondents = "min_respondents"
            case parWeight = "par_weight"
        }
    }
}
