import Foundation

/// The report of one period: the documented, stable JSON of `sipas report`
/// (schema: `report.schema.json`).
///
/// Indices are in percent (0–100) and unrounded; a value that cannot be computed (nobody
/// answered, no reference, no rank) is JSON `null`, never 0 and never omitted. Every key is
/// always written: the types below encode optionals explicitly as `null`.
public struct Report: Codable, Sendable, Equatable {
    /// The survey code (e.g. `sipas-2017`).
    public var survey: String
    public var surveyVersion: Int
    /// The period as given: `2021-03`, `2021-Q1`, `2021` or a range `2021-01..2021-06`.
    public var period: String
    /// The target the verdicts are against, in percent.
    public var target: Double
    public var method: Method
    /// The pooled unit the units are compared with (the province), or nil.
    public var reference: UnitResult?
    public var units: [UnitResult]
    /// Old units whose counts could not follow the boundaries (they are in no unit).
    public var unmappedUnits: [String]
    /// Element or item codes of the survey that have no earlier series to continue.
    public var unmappedSeries: [String]

    public init(
        survey: String, surveyVersion: Int, period: String, target: Double, method: Method, reference: UnitResult?,
        units: [UnitResult], unmappedUnits: [String], unmappedSeries: [String]
    ) {
        self.survey = survey
        self.surveyVersion = surveyVersion
        self.period = period
        self.target = target
        self.method = method
        self.reference = reference
        self.units = units
        self.unmappedUnits = unmappedUnits
        self.unmappedSeries = unmappedSeries
    }

    enum CodingKeys: String, CodingKey {
        case survey, period, target, method, reference, units
        case surveyVersion = "survey_version"
        case unmappedUnits = "unmapped_units"
        case unmappedSeries = "unmapped_series"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(survey, forKey: .survey)
        try c.encode(surveyVersion, forKey: .surveyVersion)
        try c.encode(period, forKey: .period)
        try c.encode(target, forKey: .target)
        try c.encode(method, forKey: .method)
        try c.encodeOrNull(reference, forKey: .reference)
        try c.encode(units, forKey: .units)
        try c.encode(unmappedUnits, forKey: .unmappedUnits)
        try c.encode(unmappedSeries, forKey: .unmappedSeries)
    }

    // The JSON itself is written by `jsonBytes(_:)` and `jsonData()` (ReportJSON.swift).

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

    /// An index with its interval (`overall`).
    public struct Estimate: Codable, Sendable, Equatable {
        public var index: Double?
        public var ciLow: Double?
        public var ciHigh: Double?

        public init(index: Double?, ciLow: Double?, ciHigh: Double?) {
            self.index = index
            self.ciLow = ciLow
            self.ciHigh = ciHigh
        }

        public init(_ estimate: IndexEstimate) {
            self.init(index: estimate.index, ciLow: estimate.ciLow, ciHigh: estimate.ciHigh)
        }

        enum CodingKeys: String, CodingKey {
            case index
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(index, forKey: .index)
            try c.encodeOrNull(ciLow, forKey: .ciLow)
            try c.encodeOrNull(ciHigh, forKey: .ciHigh)
        }
    }

    /// A part or element index with its interval.
    public struct Component: Codable, Sendable, Equatable {
        public var code: String
        public var index: Double?
        public var ciLow: Double?
        public var ciHigh: Double?

        public init(code: String, index: Double?, ciLow: Double?, ciHigh: Double?) {
            self.code = code
            self.index = index
            self.ciLow = ciLow
            self.ciHigh = ciHigh
        }

        public init(_ component: ComponentResult) {
            self.init(code: component.code, index: component.estimate.index, ciLow: component.estimate.ciLow, ciHigh: component.estimate.ciHigh)
        }

        enum CodingKeys: String, CodingKey {
            case code, index
            case ciLow = "ci_low"
            case ciHigh = "ci_high"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encodeOrNull(index, forKey: .index)
            try c.encodeOrNull(ciLow, forKey: .ciLow)
            try c.encodeOrNull(ciHigh, forKey: .ciHigh)
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

    /// The shares of an observation, expectation or profile item.
    public struct Observation: Codable, Sendable, Equatable {
        public var code: String
        public var group: ItemGroup
        /// Respondents who answered the item (the base of the percentages).
        public var answered: Int
        public var options: [Option]

        public init(code: String, group: ItemGroup, answered: Int, options: [Option]) {
            self.code = code
            self.group = group
            self.answered = answered
            self.options = options
        }

        public init(_ observation: ObservationResult) {
            self.init(
                code: observation.code, group: observation.group, answered: observation.answered,
                options: observation.options.map { Option(code: $0.code, count: $0.count, percent: $0.percent) })
        }

        /// One option: how many chose it and their percentage (nil when nobody answered).
        public struct Option: Codable, Sendable, Equatable {
            public var code: String
            public var count: Int
            public var percent: Double?

            public init(code: String, count: Int, percent: Double?) {
                self.code = code
                self.count = count
                self.percent = percent
            }

            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(code, forKey: .code)
                try c.encode(count, forKey: .count)
                try c.encodeOrNull(percent, forKey: .percent)
            }
        }
    }

    /// A unit's overall index against the reference.
    public struct Comparison: Codable, Sendable, Equatable {
        /// Unit minus reference, in percentage points.
        public var difference: Double
        /// Nil only when both standard errors are zero (not possible with Wilson-adjusted errors).
        public var z: Double?
        public var p: Double
        /// Holm-adjusted over the units compared.
        public var pAdjusted: Double
        public var standing: Standing

        public init(difference: Double, z: Double?, p: Double, pAdjusted: Double, standing: Standing) {
            self.difference = difference
            self.z = z
            self.p = p
            self.pAdjusted = pAdjusted
            self.standing = standing
        }

        enum CodingKeys: String, CodingKey {
            case difference, z, p, standing
            case pAdjusted = "p_adjusted"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(difference, forKey: .difference)
            try c.encodeOrNull(z, forKey: .z)
            try c.encode(p, forKey: .p)
            try c.encode(pAdjusted, forKey: .pAdjusted)
            try c.encode(standing, forKey: .standing)
        }
    }

    /// The change of the overall index from an earlier period.
    public struct Change: Codable, Sendable, Equatable {
        /// The earlier period, as given (nil when the caller did not name it).
        public var period: String?
        public var from: Double
        public var to: Double
        public var difference: Double
        public var p: Double
        public var significant: Bool

        public init(period: String?, from: Double, to: Double, difference: Double, p: Double, significant: Bool) {
            self.period = period
            self.from = from
            self.to = to
            self.difference = difference
            self.p = p
            self.significant = significant
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(period, forKey: .period)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(difference, forKey: .difference)
            try c.encode(p, forKey: .p)
            try c.encode(significant, forKey: .significant)
        }
    }

    /// Changes against the previous period and the same period a year earlier.
    public struct Changes: Codable, Sendable, Equatable {
        public var previous: Change?
        public var yearEarlier: Change?

        public init(previous: Change?, yearEarlier: Change?) {
            self.previous = previous
            self.yearEarlier = yearEarlier
        }

        enum CodingKeys: String, CodingKey {
            case previous
            case yearEarlier = "year_earlier"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(previous, forKey: .previous)
            try c.encodeOrNull(yearEarlier, forKey: .yearEarlier)
        }
    }

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

extension KeyedEncodingContainer {
    /// Writes the value, or JSON `null` when it is nil — never omits the key.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Writes a number, or `null` when it is nil or not finite (JSON has no NaN or infinity).
    mutating func encodeOrNull(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
