import Foundation

/// Builds the report of one period from counts (SIPAS.md §5). Pure.
///
/// Each unit gets its indices (`IndexCalculator`, the report's target overriding the
/// survey's), a verdict, a comparison with the reference (Holm over all units compared), a
/// rank and group, and the changes from the earlier periods given. Significance is tested at
/// 1 − confidence (5 % by default).
///
/// Across units: counts are pooled (the entry's `counts`) unless the survey says
/// `mean_of_units` and the entry lists its member units' counts; then every index (criterion,
/// element, part, overall) is the simple mean of the members' indices that exist, with
/// SE = √(Σ SE²)/k (independent units) and interval index ± z·SE. Respondents, the criterion
/// tallies and the observation shares always come from the pooled counts.
public enum ReportBuilder {
    public static func build(_ input: ReportInput) -> Report {
        var settings = input.survey.index
        if let target = input.target { settings.target = target }
        let calculator = IndexCalculator(survey: input.survey, settings: settings)
        let alpha = significanceLevel(settings.confidence)

        let results = input.units.map { result($0.counts, parts: $0.parts, calculator) }
        let reference = input.reference.map { result($0.counts, parts: $0.parts, calculator) }
        let comparisons: [SIPASCore.Comparison?] =
            reference.map {
                Comparisons.againstReference(results, reference: $0.overall, alpha: alpha)
            } ?? Array(repeating: nil, count: results.count)
        let ranks = Comparisons.rank(results, alpha: alpha)

        func changes(_ entry: ReportEntry, _ current: IndexResult) -> Report.Changes {
            func change(_ counts: ItemCounts?, _ parts: [ItemCounts], _ period: String?) -> Report.Change? {
                guard let counts else { return nil }
                let earlier = result(counts, parts: parts, calculator)
                return Comparisons.change(from: earlier.overall, to: current.overall, alpha: alpha).map {
                    Report.Change(period: period, from: $0.from, to: $0.to, difference: $0.difference, p: $0.p, significant: $0.significant)
                }
            }
            return Report.Changes(
                previous: change(entry.previous, entry.previousParts, input.previousPeriod),
                yearEarlier: change(entry.yearEarlier, entry.yearEarlierParts, input.yearEarlierPeriod))
        }

        let units = input.units.indices.map { i in
            unitResult(
                input.units[i].unit, results[i], target: settings.target, comparison: comparisons[i],
                rank: ranks[i], changes: changes(input.units[i], results[i]))
        }
        let referenceResult = input.reference.map { entry in
            unitResult(entry.unit, reference!, target: settings.target, comparison: nil, rank: nil, changes: changes(entry, reference!))
        }
        return Report(
            survey: input.survey.code, surveyVersion: input.survey.version, period: input.period,
            target: settings.target, method: method(settings, calculator.z, alpha, input), reference: referenceResult,
            units: units, unmappedUnits: input.unmappedUnits, unmappedSeries: input.unmappedSeries)
    }

    /// 1 − confidence, cleaned of binary noise (0.05, not 0.050000000000000044).
    static func significanceLevel(_ confidence: Double) -> Double {
        ((1 - confidence) * 1e9).rounded() / 1e9
    }

    /// The indices of one entry: pooled, or the mean of its member units.
    static func result(_ counts: ItemCounts, parts: [ItemCounts], _ calculator: IndexCalculator) -> IndexResult {
        let pooled = calculator.compute(counts)
        guard calculator.settings.acrossUnits == .meanOfUnits, !parts.isEmpty else { return pooled }
        return meanOfUnits(parts.map(calculator.compute), pooled: pooled, z: calculator.z, parWeight: calculator.settings.parWeight)
    }

    /// Every index of `pooled` replaced by the simple mean of the members' indices that exist,
    /// with SE = √(Σ SE²)/k and interval index ± z·SE.
    static func meanOfUnits(_ members: [IndexResult], pooled: IndexResult, z: Double, parWeight: Double) -> IndexResult {
        func mean(_ estimates: [IndexEstimate]) -> IndexEstimate {
            let present = estimates.filter { $0.index != nil }
            guard !present.isEmpty else { return .none }
            let k = Double(present.count)
            let index = present.reduce(0) { $0 + $1.index! } / k
            let variance = present.reduce(0) { $0 + ($1.standardError ?? 0) * ($1.standardError ?? 0) }
            return IndexEstimate(composite: index, standardError: variance.squareRoot() / k, z: z)
        }
        var result = pooled
        result.overall = mean(members.map(\.overall))
        result.parts = pooled.parts.enumerated().map { i, part in
            ComponentResult(code: part.code, estimate: mean(members.map { $0.parts[i].estimate }))
        }
        result.elements = pooled.elements.enumerated().map { i, element in
            ComponentResult(code: element.code, estimate: mean(members.map { $0.elements[i].estimate }))
        }
        result.criteria = pooled.criteria.enumerated().map { i, criterion in
            var averaged = criterion
            averaged.estimate = mean(members.map { $0.criteria[i].estimate })
            return averaged
        }
        result.parPoints = result.overall.index.map { $0 * parWeight / 100 }
        return result
    }

    static func unitResult(
        _ unit: ReportUnit, _ result: IndexResult, target: Double, comparison: SIPASCore.Comparison?,
        rank: (rank: Int, group: Int)?, changes: Report.Changes
    ) -> Report.UnitResult {
        Report.UnitResult(
            code: unit.code, name: unit.name, level: unit.level, respondents: result.respondents,
            overall: Report.Estimate(result.overall), parts: result.parts.map(Report.Component.init),
            elements: result.elements.map(Report.Component.init), criteria: result.criteria.map(Report.Criterion.init),
            observations: result.observations.map(Report.Observation.init), verdict: Verdict.of(result, target: target),
            comparison: comparison.map {
                Report.Comparison(
                    difference: $0.difference, z: $0.z.isFinite ? $0.z : nil, p: $0.p, pAdjusted: $0.pAdjusted, standing: $0.standing)
            },
            rank: rank?.rank, group: rank?.group, parPoints: result.parPoints, change: changes)
    }

    static func method(_ settings: IndexSettings, _ z: Double, _ alpha: Double, _ input: ReportInput) -> Report.Method {
        let confidence = "\(trimmed(settings.confidence * 100)) %"
        var interval =
            "Criteria: Wilson score interval at \(confidence) confidence. Elements, parts and overall: "
            + "the standard error is bounded by the mean of the component standard errors; "
            + "interval = index ± z·SE with z = \(trimmed((z * 10000).rounded() / 10000))."
        if settings.acrossUnits == .meanOfUnits {
            interval +=
                " Units with member units (mean_of_units): each index is the simple mean of the members' indices, "
                + "SE = √(Σ SE²)/k; interval = index ± z·SE."
        }
        let comparison =
            "Each unit's overall index against the reference: two-sided z-test (standard errors in quadrature), "
            + "Holm-corrected over the units compared, significant below \(trimmed(alpha * 100)) %. "
            + "Ranks by overall index; groups of units that cannot be told apart (two-sided z-test against the group's leader, "
            + "Bonferroni-corrected over n − 1 comparisons). Units with fewer than \(settings.minRespondents) respondents "
            + "get no comparison, rank or verdict."
        return Report.Method(
            satisfiedLevels: settings.satisfiedLevels, elementRule: settings.elementRule, overallRule: settings.overallRule,
            acrossUnits: settings.acrossUnits, confidence: settings.confidence, minRespondents: settings.minRespondents,
            parWeight: settings.parWeight, boundaries: input.boundaries, scope: input.scope, interval: interval,
            comparison: comparison)
    }

    /// "95" rather than "95.0"; "1.96" as is.
    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 1e9).rounded() / 1e9
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
