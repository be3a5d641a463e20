public enum Comparisons {
    /// Two-sided z-test of the difference of two estimates. The standard errors are added in
    /// quadrature; for a unit against a province that contains it, the covariance is positive,
    /// so the test is conservative.
    public static func test(_ a: IndexEstimate, _ b: IndexEstimate) -> (difference: Double, z: Double, p: Double)? {
        guard let x = a.index, let y = b.index, let sa = a.standardError, let sb = b.standardError else { return nil }
        let se = (sa * sa + sb * sb).squareRoot()
        let d = x - y
        guard se > 0 else { return (d, d == 0 ? 0 : .infinity, d == 0 ? 1 : 0) }
        let z = d / se
        return (d, z, Statistics.twoSidedP(z: z))
    }

    /// Each unit's overall index against the reference, Holm-corrected over the units compared
    /// (units with too few responses or no index are left out and get nil). The caller passes
    /// one level's units at a time: a Holm family is one level (SIPAS.md §5.1).
    public static func againstReference(_ units: [IndexResult], reference: IndexEstimate, alpha: Double = 0.05) -> [Comparison?] {
        let tests = units.map { $0.tooFewResponses ? nil : test($0.overall, reference) }
        let present = tests.indices.filter { tests[$0] != nil }
        let adjusted = Statistics.holm(present.map { tests[$0]!.p })
        var result = [Comparison?](repeating: nil, count: units.count)
        for (k, i) in present.enumerated() {
            let t = tests[i]!
            let standing: Standing = adjusted[k] < alpha ? (t.difference > 0 ? .above : .below) : .notDistinguishable
            result[i] = Comparison(difference: t.difference, z: t.z, p: t.p, pAdjusted: adjusted[k], standing: standing)
        }
        return result
    }

    /// The change of the overall index between two periods, tested at `alpha`.
    public static func change(from old: IndexEstimate, to new: IndexEstimate, alpha: Double = 0.05) -> Change? {
        guard let t = test(new, old), let from = old.index, let to = new.index else { return nil }
        return Change(from: from, to: to, difference: t.difference, p: t.p, significant: t.p < alpha)
    }

    /// Ranks units by overall index (highest first, ties share a rank) and groups those that
    /// cannot be told apart: going down the ranking, a unit joins the current group unless it
    /// is significantly below the group's leader (two-sided z-test, Bonferroni-corrected
    /// over the n − 1 comparisons a ranking of n units can make). Units with too few responses
    /// or no index get no rank, nor do incomplete ones (`missing` not empty) unless
    /// `rankIncomplete`. The caller passes one level's units at a time (SIPAS.md §5.1).
    public static func rank(_ units: [IndexResult], alpha: Double = 0.05, rankIncomplete: Bool = false) -> [(rank: Int, group: Int)?] {
        let order = units.indices
            .filter { !units[$0].tooFewResponses && units[$0].overall.index != nil && (rankIncomplete || units[$0].missing.isEmpty) }
            .sorted { units[$0].overall.index! > units[$1].overall.index! }
        var result = [(rank: Int, group: Int)?](repeating: nil, count: units.count)
        guard let first = order.first else { return result }
        var leader = first
        var group = 1
        var rank = 1
        var previous: Double? = nil
        let m = max(1, order.count - 1)
        for (position, i) in order.enumerated() {
            let index = units[i].overall.index!
            if previous != index { rank = position + 1 }
            previous = index
            if i != leader, let t = test(units[leader].overall, units[i].overall), min(1, t.p * Double(m)) < alpha {
                group += 1
                leader = i
            }
            result[i] = (rank, group)
        }
        return result
    }
}
