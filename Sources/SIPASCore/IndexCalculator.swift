import Foundation

/// An index in percent (0–100) with its interval and standard error; all nil when nobody
/// answered (an index is never 0 or NaN for lack of data).
public struct IndexEstimate: Sendable, Equatable, Codable {
    public var index: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var standardError: Double?

    public static let none = IndexEstimate(index: nil, ciLow: nil, ciHigh: nil, standardError: nil)

    public init(index: Double?, ciLow: Double?, ciHigh: Double?, standardError: Double?) {
        self.index = index
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.standardError = standardError
    }

    /// A composite estimate: the index with a symmetric interval of ± z·SE, kept in [0, 100].
    public init(composite index: Double?, standardError: Double?, z: Double) {
        self.index = index
        self.standardError = standardError
        if let index, let se = standardError {
            ciLow = max(0, index - z * se)
            ciHigh = min(100, index + z * se)
        } else {
            ciLow = nil
            ciHigh = nil
        }
    }
}

public struct CriterionResult: Sendable, Equatable {
    public var code: String
    public var estimate: IndexEstimate
    /// Answers at a satisfied level (4 and 5 by default).
    public var satisfied: Int
    /// Answers at any level 1–5 (the base).
    public var valid: Int
    public var noAnswer: Int
}

public struct ComponentResult: Sendable, Equatable {
    public var code: String
    public var estimate: IndexEstimate
}

/// The share choosing each option of an observation, expectation or profile item, over the
/// respondents who answered it.
public struct ObservationResult: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public var code: String
        public var count: Int
        public var percent: Double?
    }

    public var code: String
    public var group: ItemGroup
    public var answered: Int
    public var options: [Option]
}

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

/// Turns counts into the indices of SIPAS.md §5 with the survey's rules. Pure.
///
/// Intervals: Wilson at the survey's confidence for criteria. For composites (elements,
/// parts, overall) the standard error is bounded by the (weighted) mean of the component
/// standard errors — true for any correlation between items — and the interval is
/// index ± z·SE. A criterion's standard error is the Wilson-adjusted
/// √(p̃(1−p̃)/(n+z²)), p̃ = (s + z²/2)/(n + z²), which stays positive at 0 % and 100 %.
public struct IndexCalculator: Sendable {
    public let survey: Survey
    public let settings: IndexSettings
    public let z: Double

    public init(survey: Survey, settings: IndexSettings? = nil) {
        self.survey = survey
        self.settings = settings ?? survey.index
        self.z = Statistics.z(confidence: self.settings.confidence)
    }

    public func criterion(_ code: String, _ counts: ItemCounts) -> CriterionResult {
        let levels = SatisfactionScale.levels.map { counts.count(code, String($0)) }
        let valid = levels.reduce(0, +)
        let satisfied = settings.satisfiedLevels.reduce(0) { $0 + counts.count(code, String($1)) }
        let noAnswer = counts.count(code, SatisfactionScale.noAnswer)
        guard valid > 0 else {
            return CriterionResult(code: code, estimate: .none, satisfied: satisfied, valid: 0, noAnswer: noAnswer)
        }
        let p = Double(satisfied) / Double(valid)
        let (low, high) = Statistics.wilson(successes: satisfied, trials: valid, z: z)!
        let n = Double(valid), z2 = z * z
        let adjusted = (Double(satisfied) + z2 / 2) / (n + z2)
        let se = (adjusted * (1 - adjusted) / (n + z2)).squareRoot()
        return CriterionResult(
            // min/max: at 0 % and 100 % rounding can put a Wilson bound a hair inside the estimate.
            code: code, estimate: IndexEstimate(index: 100 * p, ciLow: 100 * min(low, p), ciHigh: 100 * max(high, p), standardError: 100 * se),
            satisfied: satisfied, valid: valid, noAnswer: noAnswer)
    }

    /// The mean of the available components' indices, with the mean of their standard errors.
    func mean(_ estimates: [IndexEstimate]) -> IndexEstimate {
        let present = estimates.filter { $0.index != nil }
        guard !present.isEmpty else { return .none }
        let k = Double(present.count)
        return IndexEstimate(
            composite: present.reduce(0) { $0 + $1.index! } / k,
            standardError: present.reduce(0) { $0 + ($1.standardError ?? 0) } / k, z: z)
    }

    /// All answers of several criteria together, weighted by their bases.
    func pooled(_ criteria: [CriterionResult]) -> IndexEstimate {
        let valid = criteria.reduce(0) { $0 + $1.valid }
        guard valid > 0 else { return .none }
        let satisfied = criteria.reduce(0) { $0 + $1.satisfied }
        let se = criteria.reduce(0.0) { $0 + Double($1.valid) / Double(valid) * ($1.estimate.standardError ?? 0) }
        return IndexEstimate(composite: 100 * Double(satisfied) / Double(valid), standardError: se, z: z)
    }

    public func compute(_ counts: ItemCounts) -> IndexResult {
        var criteria: [CriterionResult] = []
        var elements: [ComponentResult] = []
        for element in survey.elements {
            let results = element.items.map { criterion($0.code, counts) }
            criteria.append(contentsOf: results)
            let estimate = settings.elementRule == .pooled ? pooled(results) : mean(results.map(\.estimate))
            elements.append(ComponentResult(code: element.code, estimate: estimate))
        }
        var parts: [ComponentResult] = []
        for part in survey.parts {
            let members = zip(survey.elements, elements).filter { $0.0.part == part.code }.map(\.1.estimate)
            parts.append(ComponentResult(code: part.code, estimate: mean(members)))
        }
        let overall: IndexEstimate
        switch settings.overallRule {
        case .meanOfElements: overall = mean(elements.map(\.estimate))
        case .meanOfCriteria: overall = mean(criteria.map(\.estimate))
        case .meanOfParts: overall = mean(parts.map(\.estimate))
        case .directItem: overall = settings.overallItem.map { criterion($0, counts).estimate } ?? .none
        }
        let observations = survey.items.filter { $0.kind != .satisfaction && !($0.kind == .profile && $0.options.isEmpty) }.map { item in
            observation(item, counts)
        }
        let respondents = counts.questionnaires
        return IndexResult(
            respondents: respondents, overall: overall, parts: parts, elements: elements, criteria: criteria,
            observations: observations, parPoints: overall.index.map { $0 * settings.parWeight / 100 },
            tooFewResponses: respondents < settings.minRespondents)
    }

    func observation(_ item: SurveyItem, _ counts: ItemCounts) -> ObservationResult {
        let optionCounts = item.options.map { counts.count(item.code, $0.code) }
        // Respondents who answered: for one answer per person, the sum of the options; for
        // several, everyone who did not leave it empty.
        let answered: Int
        if item.kind == .multipleChoice {
            answered = max(0, counts.questionnaires - counts.count(item.code, SatisfactionScale.noAnswer))
        } else {
            answered = optionCounts.reduce(0, +)
        }
        return ObservationResult(
            code: item.code, group: item.group, answered: answered,
            options: zip(item.options, optionCounts).map { option, n in
                ObservationResult.Option(code: option.code, count: n, percent: answered > 0 ? 100 * Double(n) / Double(answered) : nil)
            })
    }
}
