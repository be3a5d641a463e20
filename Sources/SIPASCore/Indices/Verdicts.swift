/// Whether a unit reaches the target (91 % by default), said only as far as the data allow.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// The whole interval is at or above the target.
    case meets
    /// The whole interval is below the target.
    case misses
    /// The interval straddles the target.
    case cannotTell = "cannot_tell"
    /// Fewer respondents than the survey's minimum.
    case tooFewResponses = "too_few_responses"

    public static func of(_ result: IndexResult, target: Double) -> Verdict {
        if result.tooFewResponses { return .tooFewResponses }
        guard let low = result.overall.ciLow, let high = result.overall.ciHigh else { return .tooFewResponses }
        if low >= target { return .meets }
        if high < target { return .misses }
        return .cannotTell
    }

    public var label: LocalizedText {
        switch self {
        case .meets: return LocalizedText(vi: "Đạt", en: "Meets")
        case .misses: return LocalizedText(vi: "Không đạt", en: "Misses")
        case .cannotTell: return LocalizedText(vi: "Chưa kết luận được", en: "Cannot tell")
        case .tooFewResponses: return LocalizedText(vi: "Quá ít phiếu", en: "Too few responses")
        }
    }
}

/// How a unit stands against a reference (the province), after Holm's correction over all
/// the units compared.
public enum Standing: String, Sendable, Codable, CaseIterable {
    case above
    case below
    case notDistinguishable = "not_distinguishable"

    public var label: LocalizedText {
        switch self {
        case .above: return LocalizedText(vi: "Cao hơn toàn tỉnh", en: "Above the province")
        case .below: return LocalizedText(vi: "Thấp hơn toàn tỉnh", en: "Below the province")
        case .notDistinguishable: return LocalizedText(vi: "Không khác biệt", en: "Not distinguishable")
        }
    }
}

public struct Comparison: Sendable, Equatable {
    public var difference: Double
    public var z: Double
    public var p: Double
    public var pAdjusted: Double
    public var standing: Standing
}

/// A change between two periods of the same unit.
public struct Change: Sendable, Equatable {
    public var from: Double
    public var to: Double
    public var difference: Double
    public var p: Double
    public var significant: Bool
}

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
    /// (units with too few responses or no index are left out and get nil).
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
    /// over the n − 1 comparisons a ranking of n units can make). Units with too few responses or no index get no rank.
    public static func rank(_ units: [IndexResult], alpha: Double = 0.05) -> [(rank: Int, group: Int)?] {
        let order = units.indices.filter { !units[$0].tooFewResponses && units[$0].overall.index != nil }
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
