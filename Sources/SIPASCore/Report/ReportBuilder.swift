import Foundation

/// Builds the report of one period from counts (SIPAS.md §5). Pure.
///
/// Each unit gets its indices (`IndexCalculator`, the report's target overriding the
/// survey's), a verdict, a comparison with the reference, a rank and group, and the changes
/// from the earlier periods given. Comparisons, rankings, groups and the Holm families of
/// comparisons and of changes are formed within one level (departments, districts, communes:
/// SIPAS.md §5.1), so a district's area is never ranked beside its own communes.
/// Significance is tested at 1 − confidence (5 % by default).
///
/// Across units: counts are pooled (the entry's `counts`) unless the survey says
/// `mean_of_units` and the entry lists its member units' counts; then every index (criterion,
/// element, part, overall) is the simple mean of the members' indices that exist, its bounds
/// the mean of their bounds, its SE √(Σ SE²)/k (independent units). Respondents, the criterion
/// tallies and the observation shares always come from the pooled counts. The reference
/// follows the same rule when its entry lists members.
public enum ReportBuilder {
    public static func build(_ input: ReportInput) -> Report {
        var settings = input.survey.index
        if let target = input.target { settings.target = target }
        let calculator = IndexCalculator(survey: input.survey, settings: settings)
        let alpha = significanceLevel(settings.confidence)

        let results = input.units.map { result($0.counts, parts: $0.parts, calculator) }
        let reference = input.reference.map { result($0.counts, parts: $0.parts, calculator) }

        /// A change before Holm's correction, and whether it belongs to the family.
        typealias Raw = (change: SIPASCore.Change, tested: Bool)
        func raw(_ counts: ItemCounts?, _ parts: [ItemCounts], _ current: IndexResult) -> Raw? {
            guard let counts else { return nil }
            let earlier = result(counts, parts: parts, calculator)
            guard let change = Comparisons.change(from: earlier.overall, to: current.overall, alpha: alpha) else { return nil }
            return (change, !earlier.tooFewResponses && !current.tooFewResponses)
        }
        let previous = input.units.indices.map { raw(input.units[$0].previous, input.units[$0].previousParts, results[$0]) }
        let yearEarlier = input.units.indices.map { raw(input.units[$0].yearEarlier, input.units[$0].yearEarlierParts, results[$0]) }

        var comparisons = [SIPASCore.Comparison?](repeating: nil, count: results.count)
        var ranks = [(rank: Int, group: Int)?](repeating: nil, count: results.count)
        var previousChanges = [Report.Change?](repeating: nil, count: results.count)
        var yearEarlierChanges = [Report.Change?](repeating: nil, count: results.count)
        for members in byLevel(input.units) {
            let memberResults = members.map { results[$0] }
            if let reference {
                for (k, c) in Comparisons.againstReference(memberResults, reference: reference.overall, alpha: alpha).enumerated() {
                    comparisons[members[k]] = c
                }
            }
            for (k, r) in Comparisons.rank(memberResults, alpha: alpha, rankIncomplete: settings.rankIncomplete).enumerated() {
                ranks[members[k]] = r
            }
            for (k, c) in holm(members.map { previous[$0] }, period: input.previousPeriod, alpha: alpha).enumerated() {
                previousChanges[members[k]] = c
            }
            for (k, c) in holm(members.map { yearEarlier[$0] }, period: input.yearEarlierPeriod, alpha: alpha).enumerated() {
                yearEarlierChanges[members[k]] = c
            }
        }

        let units = input.units.indices.map { i in
            unitResult(
                input.units[i].unit, results[i], target: settings.target, comparison: comparisons[i], rank: ranks[i],
                changes: Report.Changes(previous: previousChanges[i], yearEarlier: yearEarlierChanges[i]))
        }
        let referenceResult = input.reference.map { entry in
            // The reference's changes are a family of their own.
            let changes = Report.Changes(
                previous: holm([raw(entry.previous, entry.previousParts, reference!)], period: input.previousPeriod, alpha: alpha)[0],
                yearEarlier: holm(
                    [raw(entry.yearEarlier, entry.yearEarlierParts, reference!)], period: input.yearEarlierPeriod, alpha: alpha)[0])
            return unitResult(entry.unit, reference!, target: settings.target, comparison: nil, rank: nil, changes: changes)
        }
        return Report(
            survey: input.survey.code, surveyVersion: input.survey.version, period: input.period,
            target: settings.target, method: method(settings, calculator.z, alpha, input), reference: referenceResult,
            units: units, unmappedUnits: input.unmappedUnits, unmappedSeries: input.unmappedSeries,
            completeness: input.completeness,
            channels: input.channels.map { perUnit in
                input.units.indices.map { channels(input.units[$0].unit, perUnit[$0], calculator, alpha: alpha) }
            },
            excludedFlagged: input.excludedFlagged)
    }

    /// The positions of the entries, grouped by level (in the order levels first appear).
    static func byLevel(_ entries: [ReportEntry]) -> [[Int]] {
        var order: [UnitLevel] = []
        var groups: [UnitLevel: [Int]] = [:]
        for (i, entry) in entries.enumerated() {
            if groups[entry.unit.level] == nil { order.append(entry.unit.level) }
            groups[entry.unit.level, default: []].append(i)
        }
        return order.map { groups[$0]! }
    }

    /// Changes with Holm's correction over those tested (the others keep their raw p, get no
    /// adjusted p and are not significant).
    static func holm(_ raws: [(change: SIPASCore.Change, tested: Bool)?], period: String?, alpha: Double) -> [Report.Change?] {
        let tested = raws.indices.filter { raws[$0]?.tested == true }
        let adjusted = Statistics.holm(tested.map { raws[$0]!.change.p })
        var pAdjusted = [Double?](repeating: nil, count: raws.count)
        for (k, i) in tested.enumerated() { pAdjusted[i] = adjusted[k] }
        return raws.indices.map { i in
            guard let c = raws[i]?.change else { return nil }
            return Report.Change(
                period: period, from: c.from, to: c.to, difference: c.difference, p: c.p, pAdjusted: pAdjusted[i],
                significant: pAdjusted[i].map { $0 < alpha } ?? false)
        }
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

    /// Every index of `pooled` replaced by the simple mean of the members' indices that exist.
    /// The bounds are the mean of the members' bounds (SIPAS.md §5.1: the same combination as
    /// the index, so a mean of one member is that member); the standard error for tests is
    /// √(Σ SE²)/k, the members being independent samples.
    static func meanOfUnits(_ members: [IndexResult], pooled: IndexResult, z: Double, parWeight: Double) -> IndexResult {
        func mean(_ estimates: [IndexEstimate]) -> IndexEstimate {
            let present = estimates.filter { $0.index != nil }
            guard !present.isEmpty else { return .none }
            let k = Double(present.count)
            let index = present.reduce(0) { $0 + $1.index! } / k
            let low = present.reduce(0) { $0 + ($1.ciLow ?? $1.index!) } / k
            let high = present.reduce(0) { $0 + ($1.ciHigh ?? $1.index!) } / k
            let variance = present.reduce(0) { $0 + ($1.standardError ?? 0) * ($1.standardError ?? 0) }
            return IndexEstimate(index: index, ciLow: low, ciHigh: high, standardError: variance.squareRoot() / k)
        }
        /// The codes any member lacks, in the survey's order (a member's mean lacks them too).
        let order = pooled.criteria.map(\.code)
        func union(_ lists: [[String]]) -> [String] {
            let all = Set(lists.joined())
            return order.filter(all.contains)
        }
        var result = pooled
        result.overall = mean(members.map(\.overall))
        result.missing = union(members.filter { $0.overall.index != nil }.map(\.missing))
        result.parts = pooled.parts.enumerated().map { i, part in
            ComponentResult(
                code: part.code, estimate: mean(members.map { $0.parts[i].estimate }),
                missing: union(members.filter { $0.parts[i].estimate.index != nil }.map { $0.parts[i].missing }))
        }
        result.elements = pooled.elements.enumerated().map { i, element in
            ComponentResult(
                code: element.code, estimate: mean(members.map { $0.elements[i].estimate }),
                missing: union(members.filter { $0.elements[i].estimate.index != nil }.map { $0.elements[i].missing }))
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
            overall: Report.Estimate(result.overall, missing: result.missing), parts: result.parts.map(Report.Component.init),
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
        let combination =
            settings.elementRule == .pooled ? "weighted by valid answers for pooled elements, plain means otherwise" : "plain means"
        var interval =
            "Criteria: Wilson score interval at \(confidence) confidence (z = \(trimmed((z * 10000).rounded() / 10000))). "
            + "Elements, parts and overall: the bounds are the same combination of the components' bounds as the index is "
            + "of their indices (\(combination)); a criterion's standard error for tests is its Wilson half-width / z, "
            + "a composite's the same combination of its components' standard errors. Printed bounds are rounded outward."
        if settings.acrossUnits == .meanOfUnits {
            interval +=
                " Units with member units (mean_of_units): each index is the simple mean of the members' indices, "
                + "its bounds the mean of their bounds; SE = √(Σ SE²)/k."
        }
        let comparison =
            "Within each level (departments, districts, communes): each unit's overall index against the reference, "
            + "two-sided z-test (standard errors in quadrature), Holm-corrected over the units of the level compared, "
            + "significant below \(trimmed(alpha * 100)) %. "
            + "Ranks by overall index; groups of units that cannot be told apart (two-sided z-test against the group's leader, "
            + "Bonferroni-corrected over n − 1 comparisons). Changes from earlier periods: two-sided z-test, "
            + "Holm-corrected over the units of the level tested. Units with fewer than \(settings.minRespondents) respondents "
            + "get no comparison, rank or verdict"
            + (settings.rankIncomplete ? "." : "; units whose overall index lacks some criteria (no valid answer) are not ranked.")
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
