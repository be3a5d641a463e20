import Foundation

/// Turns counts into the indices of SIPAS.md §5 with the survey's rules. Pure.
///
/// Intervals (SIPAS.md §5.1): Wilson at the survey's confidence for criteria. A composite
/// (element, part, overall) has as bounds the same combination of its components' bounds as
/// its index is of their indices — the mean of the criteria's lower (upper) bounds for a mean,
/// weighted by valid answers for a pooled element — so it stays inside 0–100, asymmetric near
/// the ends like Wilson's, and conservative for any correlation between items.
/// Standard errors (for tests): a criterion's is its Wilson half-width (the mean of both
/// sides) divided by z, positive even at 0 % and 100 %; a composite's is the same
/// combination of its components' standard errors.
public struct IndexCalculator: Sendable {
    public let survey: Survey
    public let settings: IndexSettings
    public let z: Double
    /// The slots of every count `compute` reads, looked up once rather than per unit.
    private let layout: Layout

    public init(survey: Survey, settings: IndexSettings? = nil) {
        self.survey = survey
        self.settings = settings ?? survey.index
        self.z = Statistics.z(confidence: self.settings.confidence)
        self.layout = Layout(survey: survey, settings: self.settings)
    }

    /// Where a criterion's counts are.
    struct CriterionSlots: Sendable {
        var code: String
        /// Levels 1–5.
        var levels: [ItemCounts.Slot]
        /// The satisfied levels (4 and 5 by default).
        var satisfied: [ItemCounts.Slot]
        var noAnswer: ItemCounts.Slot

        init(_ code: String, satisfiedLevels: [Int]) {
            self.code = code
            levels = SatisfactionScale.levels.map { ItemCounts.slot(code, String($0)) }
            satisfied = satisfiedLevels.map { ItemCounts.slot(code, String($0)) }
            noAnswer = ItemCounts.slot(code, SatisfactionScale.noAnswer)
        }
    }

    /// Where an observation's counts are, with what its result repeats of the item.
    struct ObservationSlots: Sendable {
        var code: String
        var group: ItemGroup
        var multipleChoice: Bool
        var optionCodes: [String]
        var options: [ItemCounts.Slot]
        var noAnswer: ItemCounts.Slot

        init(_ item: SurveyItem) {
            code = item.code
            group = item.group
            multipleChoice = item.kind == .multipleChoice
            optionCodes = item.options.map(\.code)
            options = item.options.map { ItemCounts.slot(item.code, $0.code) }
            noAnswer = ItemCounts.slot(item.code, SatisfactionScale.noAnswer)
        }
    }

    /// The survey's structure as `compute` walks it.
    struct Layout: Sendable {
        /// Each element's code and criteria, in the survey's order.
        var elements: [(code: String, criteria: [CriterionSlots])]
        /// Each part's code and the positions of its elements in `elements`.
        var parts: [(code: String, elements: [Int])]
        /// The items shown as shares: not satisfaction criteria, not free-text profile fields.
        var observations: [ObservationSlots]
        var overallItem: CriterionSlots?
        var criterionCount: Int

        init(survey: Survey, settings: IndexSettings) {
            elements = survey.elements.map { element in
                (element.code, element.items.map { CriterionSlots($0.code, satisfiedLevels: settings.satisfiedLevels) })
            }
            parts = survey.parts.map { part in
                (part.code, survey.elements.indices.filter { survey.elements[$0].part == part.code })
            }
            observations = survey.items.filter { $0.kind != .satisfaction && !($0.kind == .profile && $0.options.isEmpty) }
                .map(ObservationSlots.init)
            overallItem = settings.overallItem.map { CriterionSlots($0, satisfiedLevels: settings.satisfiedLevels) }
            criterionCount = elements.reduce(0) { $0 + $1.criteria.count }
        }
    }

    public func criterion(_ code: String, _ counts: ItemCounts) -> CriterionResult {
        criterion(CriterionSlots(code, satisfiedLevels: settings.satisfiedLevels), counts)
    }

    func criterion(_ slots: CriterionSlots, _ counts: ItemCounts) -> CriterionResult {
        var valid = 0
        for slot in slots.levels { valid += counts.count(slot) }
        var satisfied = 0
        for slot in slots.satisfied { satisfied += counts.count(slot) }
        let noAnswer = counts.count(slots.noAnswer)
        let code = slots.code
        guard valid > 0 else {
            return CriterionResult(code: code, estimate: .none, satisfied: satisfied, valid: 0, noAnswer: noAnswer)
        }
        let p = Double(satisfied) / Double(valid)
        let (low, high) = Statistics.wilson(successes: satisfied, trials: valid, z: z)!
        // min/max: at 0 % and 100 % rounding can put a Wilson bound a hair inside the estimate.
        let ciLow = 100 * min(low, p)
        let ciHigh = 100 * max(high, p)
        return CriterionResult(
            code: code, estimate: IndexEstimate(index: 100 * p, ciLow: ciLow, ciHigh: ciHigh, standardError: (ciHigh - ciLow) / 2 / z),
            satisfied: satisfied, valid: valid, noAnswer: noAnswer)
    }

    /// The mean of the available components: of their indices, of their lower bounds, of
    /// their upper bounds and of their standard errors.
    func mean<C: Collection>(_ estimates: C) -> IndexEstimate where C.Element == IndexEstimate {
        // Summed in order, as `reduce` over the present ones did.
        var k = 0
        var indexSum = 0.0
        var lowSum = 0.0
        var highSum = 0.0
        var seSum = 0.0
        for estimate in estimates {
            guard let index = estimate.index else { continue }
            k += 1
            indexSum += index
            lowSum += estimate.ciLow ?? index
            highSum += estimate.ciHigh ?? index
            seSum += estimate.standardError ?? 0
        }
        guard k > 0 else { return .none }
        let n = Double(k)
        return IndexEstimate(index: indexSum / n, ciLow: lowSum / n, ciHigh: highSum / n, standardError: seSum / n)
    }

    /// All answers of several criteria together: the index is the share satisfied over all
    /// their answers, i.e. their indices weighted by valid answers; the bounds and the
    /// standard error are their criteria's, weighted the same way.
    func pooled<C: Collection>(_ criteria: C) -> IndexEstimate where C.Element == CriterionResult {
        let valid = criteria.reduce(0) { $0 + $1.valid }
        guard valid > 0 else { return .none }
        let satisfied = criteria.reduce(0) { $0 + $1.satisfied }
        var low = 0.0
        var high = 0.0
        var se = 0.0
        for criterion in criteria where criterion.valid > 0 {
            let weight = Double(criterion.valid) / Double(valid)
            low += weight * (criterion.estimate.ciLow ?? 0)
            high += weight * (criterion.estimate.ciHigh ?? 0)
            se += weight * (criterion.estimate.standardError ?? 0)
        }
        let index = 100 * Double(satisfied) / Double(valid)
        // Weighted sums can stray by an ulp from the index they surround.
        return IndexEstimate(index: index, ciLow: min(low, index), ciHigh: max(high, index), standardError: se)
    }

    public func compute(_ counts: ItemCounts) -> IndexResult {
        var criteria: [CriterionResult] = []
        criteria.reserveCapacity(layout.criterionCount)
        var elements: [ComponentResult] = []
        elements.reserveCapacity(layout.elements.count)
        for element in layout.elements {
            let first = criteria.count
            for slots in element.criteria { criteria.append(criterion(slots, counts)) }
            let results = criteria[first...]
            let estimate = settings.elementRule == .pooled ? pooled(results) : mean(results.lazy.map(\.estimate))
            let missing = results.filter { $0.valid == 0 }.map(\.code)
            elements.append(ComponentResult(code: element.code, estimate: estimate, missing: missing))
        }
        let parts = layout.parts.map { part in
            ComponentResult(
                code: part.code, estimate: mean(part.elements.lazy.map { elements[$0].estimate }),
                missing: part.elements.flatMap { elements[$0].missing })
        }
        let overall: IndexEstimate
        let missing: [String]
        switch settings.overallRule {
        case .meanOfElements:
            overall = mean(elements.lazy.map(\.estimate))
            missing = elements.flatMap(\.missing)
        case .meanOfCriteria:
            overall = mean(criteria.lazy.map(\.estimate))
            missing = elements.flatMap(\.missing)
        case .meanOfParts:
            overall = mean(parts.lazy.map(\.estimate))
            missing = parts.flatMap(\.missing)
        case .directItem:
            overall = layout.overallItem.map { criterion($0, counts).estimate } ?? .none
            missing = []
        }
        let observations = layout.observations.map { observation($0, counts) }
        let respondents = counts.questionnaires
        return IndexResult(
            respondents: respondents, overall: overall, missing: missing, parts: parts, elements: elements, criteria: criteria,
            observations: observations, parPoints: overall.index.map { $0 * settings.parWeight / 100 },
            tooFewResponses: respondents < settings.minRespondents)
    }

    func observation(_ item: SurveyItem, _ counts: ItemCounts) -> ObservationResult {
        observation(ObservationSlots(item), counts)
    }

    func observation(_ slots: ObservationSlots, _ counts: ItemCounts) -> ObservationResult {
        let optionCounts = slots.options.map { counts.count($0) }
        // Respondents who answered: for one answer per person, the sum of the options; for
        // several, everyone who did not leave it empty.
        let answered: Int
        if slots.multipleChoice {
            answered = max(0, counts.questionnaires - counts.count(slots.noAnswer))
        } else {
            answered = optionCounts.reduce(0, +)
        }
        return ObservationResult(
            code: slots.code, group: slots.group, answered: answered,
            options: zip(slots.optionCodes, optionCounts).map { code, n in
                ObservationResult.Option(code: code, count: n, percent: answered > 0 ? 100 * Double(n) / Double(answered) : nil)
            })
    }
}
