import Foundation

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
        let n = Double(valid)
        let z2 = z * z
        let adjusted = (Double(satisfied) + z2 / 2) / (n + z2)
        let se = (adjusted * (1 - adjusted) / (n + z2)).squareRoot()
        return CriterionResult(
            // min/max: at 0 % and 100 % rounding can put a Wilson bound a hair inside the estimate.
            code: code,
            estimate: IndexEstimate(index: 100 * p, ciLow: 100 * min(low, p), ciHigh: 100 * max(high, p), standardError: 100 * se),
            satisfied: satisfied, valid: valid, noAnswer: noAnswer)
    }

    /// The mean of the available components' indices, with the mean of their standard errors.
    func mean<C: Collection>(_ estimates: C) -> IndexEstimate where C.Element == IndexEstimate {
        // Summed in order, as `reduce` over the present ones did.
        var k = 0
        var indexSum = 0.0
        var seSum = 0.0
        for estimate in estimates {
            guard let index = estimate.index else { continue }
            k += 1
            indexSum += index
            seSum += estimate.standardError ?? 0
        }
        guard k > 0 else { return .none }
        return IndexEstimate(composite: indexSum / Double(k), standardError: seSum / Double(k), z: z)
    }

    /// All answers of several criteria together, weighted by their bases.
    func pooled<C: Collection>(_ criteria: C) -> IndexEstimate where C.Element == CriterionResult {
        let valid = criteria.reduce(0) { $0 + $1.valid }
        guard valid > 0 else { return .none }
        let satisfied = criteria.reduce(0) { $0 + $1.satisfied }
        let se = criteria.reduce(0.0) { $0 + Double($1.valid) / Double(valid) * ($1.estimate.standardError ?? 0) }
        return IndexEstimate(composite: 100 * Double(satisfied) / Double(valid), standardError: se, z: z)
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
            elements.append(ComponentResult(code: element.code, estimate: estimate))
        }
        let parts = layout.parts.map { part in
            ComponentResult(code: part.code, estimate: mean(part.elements.lazy.map { elements[$0].estimate }))
        }
        let overall: IndexEstimate
        switch settings.overallRule {
        case .meanOfElements: overall = mean(elements.lazy.map(\.estimate))
        case .meanOfCriteria: overall = mean(criteria.lazy.map(\.estimate))
        case .meanOfParts: overall = mean(parts.lazy.map(\.estimate))
        case .directItem: overall = layout.overallItem.map { criterion($0, counts).estimate } ?? .none
        }
        let observations = layout.observations.map { observation($0, counts) }
        let respondents = counts.questionnaires
        return IndexResult(
            respondents: respondents, overall: overall, parts: parts, elements: elements, criteria: criteria,
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
