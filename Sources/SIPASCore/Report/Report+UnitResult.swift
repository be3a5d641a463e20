import Foundation

extension Report {
    /// Everything the report says about one unit (or the reference).
    public struct UnitResult: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var level: UnitLevel
        /// Questionnaires counted.
        public var respondents: Int
        public var overall: Estimate
        public var parts: [Component]
        public var elements: [Component]
        public var criteria: [Criterion]
        public var observations: [Observation]
        public var verdict: Verdict
        /// Nil for the reference, units with too few responses and units without an index.
        public var comparison: Comparison?
        public var rank: Int?
        public var group: Int?
        public var parPoints: Double?
        public var change: Changes

        public init(
            code: String, name: String, level: UnitLevel, respondents: Int, overall: Estimate, parts: [Component],
            elements: [Component], criteria: [Criterion], observations: [Observation], verdict: Verdict,
            comparison: Comparison?, rank: Int?, group: Int?, parPoints: Double?, change: Changes
        ) {
            self.code = code
            self.name = name
            self.level = level
            self.respondents = respondents
            self.overall = overall
            self.parts = parts
            self.elements = elements
            self.criteria = criteria
            self.observations = observations
            self.verdict = verdict
            self.comparison = comparison
            self.rank = rank
            self.group = group
            self.parPoints = parPoints
            self.change = change
        }

        enum CodingKeys: String, CodingKey {
            case code, name, level, respondents, overall, parts, elements, criteria, observations, verdict
            case comparison, rank, group, change
            case parPoints = "par_points"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(level, forKey: .level)
            try c.encode(respondents, forKey: .respondents)
            try c.encode(overall, forKey: .overall)
            try c.encode(parts, forKey: .parts)
            try c.encode(elements, forKey: .elements)
            try c.encode(criteria, forKey: .criteria)
            try c.encode(observations, forKey: .observations)
            try c.encode(verdict, forKey: .verdict)
            try c.encodeOrNull(comparison, forKey: .comparison)
            try c.encodeOrNull(rank, forKey: .rank)
            try c.encodeOrNull(group, forKey: .group)
            try c.encodeOrNull(parPoints, forKey: .parPoints)
            try c.encode(change, forKey: .change)
        }
    }
}
