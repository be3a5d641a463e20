import Foundation

extension Report {
    /// An index with its interval (`overall`), and the criteria it was computed without.
    public struct Estimate: Codable, Sendable, Equatable {
        public var index: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        /// Codes of the criteria with no valid answer the index was computed without; empty
        /// when complete (SIPAS.md §5.1).
        public var missing: [String]

        public init(index: Double?, ciLow: Double?, ciHigh: Double?, missing: [String] = []) {
            self.index = index
            self.ciLow = ciLow
            self.ciHigh = ciHigh
            self.missing = missing
        }

        public init(_ estimate: IndexEstimate, missing: [String] = []) {
            self.init(index: estimate.index, ciLow: estimate.ciLow, ciHigh: estimate.ciHigh, missing: missing)
        }

        enum CodingKeys: String, CodingKey {
            case index, missing
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
        }

        /// `missing` may be absent in reports written before it existed.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            index = try c.decodeIfPresent(Double.self, forKey: .index)
            ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
            ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
            missing = try c.decodeIfPresent([String].self, forKey: .missing) ?? []
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(index, forKey: .index)
            try c.encodeOrNull(ciLow, forKey: .ciLow)
            try c.encodeOrNull(ciHigh, forKey: .ciHigh)
            try c.encode(missing, forKey: .missing)
        }
    }

    /// A part or element index with its interval, and the criteria it was computed without.
    public struct Component: Codable, Sendable, Equatable {
        public var code: String
        public var index: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        /// Codes of the criteria with no valid answer; empty when complete.
        public var missing: [String]

        public init(code: String, index: Double?, ciLow: Double?, ciHigh: Double?, missing: [String] = []) {
            self.code = code
            self.index = index
            self.ciLow = ciLow
            self.ciHigh = ciHigh
            self.missing = missing
        }

        public init(_ component: ComponentResult) {
            self.init(
                code: component.code, index: component.estimate.index, ciLow: component.estimate.ciLow,
                ciHigh: component.estimate.ciHigh, missing: component.missing)
        }

        enum CodingKeys: String, CodingKey {
            case code, index, missing
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
        }

        /// `missing` may be absent in reports written before it existed.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            index = try c.decodeIfPresent(Double.self, forKey: .index)
            ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
            ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
            missing = try c.decodeIfPresent([String].self, forKey: .missing) ?? []
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encodeOrNull(index, forKey: .index)
            try c.encodeOrNull(ciLow, forKey: .ciLow)
            try c.encodeOrNull(ciHigh, forKey: .ciHigh)
            try c.encode(missing, forKey: .missing)
        }
    }

    /// A criterion index with its interval and the counts behind it.
    public struct Criterion: Codable, Sendable, Equatable {
        public var code: String
        public var index: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        /// Answers at a satisfied level.
        public var satisfied: Int
        /// Answers at any level 1–5 (the base).
        public var valid: Int
        public var noAnswer: Int

        public init(code: String, index: Double?, ciLow: Double?, ciHigh: Double?, satisfied: Int, valid: Int, noAnswer: Int) {
            self.code = code
            self.index = index
            self.ciLow = ciLow
            self.ciHigh = ciHigh
            self.satisfied = satisfied
            self.valid = valid
            self.noAnswer = noAnswer
        }

        public init(_ criterion: CriterionResult) {
            self.init(
                code: criterion.code, index: criterion.estimate.index, ciLow: criterion.estimate.ciLow,
                ciHigh: criterion.estimate.ciHigh, satisfied: criterion.satisfied, valid: criterion.valid,
                noAnswer: criterion.noAnswer)
        }

        enum CodingKeys: String, CodingKey {
            case code, index, satisfied, valid
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
            case noAnswer = "no_answer"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encodeOrNull(index, forKey: .index)
            try c.encodeOrNull(ciLow, forKey: .ciLow)
            try c.encodeOrNull(ciHigh, forKey: .ciHigh)
            try c.encode(satisfied, forKey: .satisfied)
            try c.encode(valid, forKey: .valid)
            try c.encode(noAnswer, forKey: .noAnswer)
        }
    }
}
