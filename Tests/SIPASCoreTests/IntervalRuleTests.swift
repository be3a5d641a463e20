import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore

/// The interval rule of SIPAS.md §5.1: a composite's bounds are the same combination of its
/// components' bounds as its index is of their indices.
///
/// Expected values are either written out from the closed-form Wilson formula here, or come
/// from Python 3 with statsmodels 0.14 / scipy (`proportion_confint(s, n, alpha=0.05,
/// method="wilson")`, `norm.ppf(0.975)`), pasted with the call that produced them.
@Suite struct IntervalRuleTests {
    static let z = 1.959963984540054  // scipy: norm.ppf(0.975)

    /// The Wilson score interval in percent, written out independently of `Statistics`:
    /// (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    static func wilson(_ s: Int, _ n: Int) -> (low: Double, high: Double) {
        let p = Double(s) / Double(n)
        let nn = Double(n)
        let z2 = z * z
        let center = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / (1 + z2 / nn)
        return (100 * (center - half), 100 * (center + half))
    }

    static func everyCriterion(_ satisfied: Int, of n: Int) -> ItemCounts {
        var counts = ItemCounts(["questionnaires": ["": n]])
        for code in ["1.1", "1.2", "2.1"] {
            if satisfied > 0 { counts.add(item: code, option: "5", satisfied) }
            if n > satisfied { counts.add(item: code, option: "2", n - satisfied) }
        }
        return counts
    }

    @Test func thirtyOfThirtyOnEveryCriterionCannotTellAgainst91() {
        let result = IndexCalculator(survey: sampleSurvey()).compute(Self.everyCriterion(30, of: 30))
        // At p = 1 the Wilson lower bound is n / (n + z²) exactly; statsmodels: 0.8864866068260311.
        let expected = 100 * 30 / (30 + Self.z * Self.z)
        #expect(abs(expected - 88.64866068260311) < 1e-9)
        for estimate in result.criteria.map(\.estimate) + result.elements.map(\.estimate) + [result.overall] {
            #expect(estimate.index == 100)
            #expect(close(estimate.ciLow, expected, 1e-9))
            #expect(estimate.ciHigh == 100)
        }
        // 88.65 < 91 ≤ 100: the data cannot tell (the old symmetric rule claimed 92.2 and "meets").
        #expect(Verdict.of(result, target: 91) == .cannotTell)
        #expect(result.missing.isEmpty)
    }

    @Test func ninetySixOfHundred() {
        let result = IndexCalculator(survey: sampleSurvey()).compute(Self.everyCriterion(96, of: 100))
        let (low, high) = Self.wilson(96, 100)
        // statsmodels: proportion_confint(96, 100, method="wilson") = (0.9016292856411208, 0.9843366960084523).
        #expect(abs(low - 90.16292856411208) < 1e-9 && abs(high - 98.43366960084523) < 1e-9)
        // Criteria answered alike: the composite's interval is exactly theirs.
        #expect(close(result.overall.ciLow, low, 1e-9) && close(result.overall.ciHigh, high, 1e-9))
        #expect(close(result.elements[0].ciLowValue, low, 1e-9))
        #expect(Verdict.of(result, target: 91) == .cannotTell)
        // The standard error for tests: the Wilson half-width (mean of both sides) / z.
        #expect(close(result.overall.standardError, (high - low) / 2 / Self.z, 1e-9))
    }

    /// IndexCalculatorTests.counts: 1.1 30 of 38, 1.2 20 of 40, 2.1 40 of 40.
    @Test func meanAndPooledCompositesCombineTheirCriteriaBounds() {
        let c11 = Self.wilson(30, 38)
        let c12 = Self.wilson(20, 40)
        let c21 = Self.wilson(40, 40)
        // statsmodels: (30, 38) → 63.65422052467259–88.92520815700412; (20, 40) → 35.19952693346538–64.80047306653462;
        // (40, 40) → 91.23783988027134–100.
        #expect(
            abs(c11.low - 63.65422052467259) < 1e-9 && abs(c12.high - 64.80047306653462) < 1e-9 && abs(c21.low - 91.23783988027134) < 1e-9)

        let result = IndexCalculator(survey: sampleSurvey()).compute(IndexCalculatorTests.counts)
        let e1 = ((c11.low + c12.low) / 2, (c11.high + c12.high) / 2)
        #expect(close(result.elements[0].estimate.ciLow, e1.0) && close(result.elements[0].estimate.ciHigh, e1.1))
        #expect(close(result.elements[1].estimate.ciLow, c21.low) && result.elements[1].estimate.ciHigh == 100)
        // Overall: the mean of the elements' bounds (Python: 70.33235680467016–88.43142030588469).
        #expect(close(result.overall.ciLow, (e1.0 + c21.low) / 2) && close(result.overall.ciLow, 70.33235680467016))
        #expect(close(result.overall.ciHigh, (e1.1 + 100) / 2) && close(result.overall.ciHigh, 88.43142030588469))
        // Standard errors: the same combination of the criteria's half-widths / z.
        let se = { (w: (low: Double, high: Double)) in (w.high - w.low) / 2 / Self.z }
        #expect(close(result.elements[0].estimate.standardError, (se(c11) + se(c12)) / 2))
        #expect(close(result.overall.standardError, ((se(c11) + se(c12)) / 2 + se(c21)) / 2))

        var pooled = sampleSurvey()
        pooled.index.elementRule = .pooled
        let element = IndexCalculator(survey: pooled).compute(IndexCalculatorTests.counts).elements[0].estimate
        // Weighted by valid answers, as the pooled index 50/78 is (Python: 49.06206996507915–76.55354913625052).
        #expect(close(element.index, 100.0 * 50 / 78))
        #expect(close(element.ciLow, (38 * c11.low + 40 * c12.low) / 78) && close(element.ciLow, 49.06206996507915))
        #expect(close(element.ciHigh, (38 * c11.high + 40 * c12.high) / 78) && close(element.ciHigh, 76.55354913625052))
        #expect(close(element.standardError, (38 * se(c11) + 40 * se(c12)) / 78))
    }

    @Test func partsOfSipas2023CombineTheSameWay() {
        var survey = sampleSurvey()
        survey.parts = [SurveyPart(code: "a", title: .init(vi: "A", en: "")), SurveyPart(code: "b", title: .init(vi: "B", en: ""))]
        survey.elements[0].part = "a"
        survey.elements[1].part = "b"
        survey.index.overallRule = .meanOfParts
        let result = IndexCalculator(survey: survey).compute(IndexCalculatorTests.counts)
        let c11 = Self.wilson(30, 38)
        let c12 = Self.wilson(20, 40)
        let c21 = Self.wilson(40, 40)
        #expect(close(result.parts[0].estimate.ciLow, (c11.low + c12.low) / 2))
        #expect(close(result.overall.ciLow, ((c11.low + c12.low) / 2 + c21.low) / 2))
    }

    /// Coverage: at a true rate of exactly 91 % on every criterion, "meets" (lower bound ≥ 91)
    /// is a one-sided error and must come out at most at the nominal one-sided rate, 2.5 %.
    ///
    /// The bound tested is 2.5 % + 3σ of simulation error, σ = √(0.025 · 0.975 / draws): the
    /// per-n rate is estimated from `draws` seeded binomial samples, and the exact one-sided
    /// rate of the Wilson bound itself (the worst case, all criteria answered alike) is at most
    /// 2.51 % for these n (scipy, Σ binom.pmf(s, n, 0.91) over s with Wilson lower ≥ 0.91:
    /// n=30 0, 50 0.90 %, 100 1.73 %, 200 2.507 %, 500 2.15 %) — Wilson's discreteness, not
    /// the rule's. Independent criteria make the mean of bounds more conservative still.
    @Test(arguments: [30, 50, 100, 200, 500])
    func meetsAtTheTargetRateIsRare(n: Int) {
        let draws = 4000
        let tolerance = 0.025 + 3 * (0.025 * 0.975 / Double(draws)).squareRoot()
        var generator = SeededGenerator(state: 0x5195_2026 &+ UInt64(n))
        func binomial() -> Int {
            var s = 0
            for _ in 0..<n where generator.double(in: 0..<1) < 0.91 { s += 1 }
            return s
        }
        let one = IndexCalculator(survey: oneCriterionSurvey())
        let three = IndexCalculator(survey: sampleSurvey())
        var meetsOne = 0
        var meetsThree = 0
        for _ in 0..<draws {
            if Verdict.of(one.compute(tally(binomial(), of: n)), target: 91) == .meets { meetsOne += 1 }
            var counts = ItemCounts(["questionnaires": ["": n]])
            for code in ["1.1", "1.2", "2.1"] {
                let s = binomial()
                counts.add(item: code, option: "4", s)
                counts.add(item: code, option: "3", n - s)
            }
            if Verdict.of(three.compute(counts), target: 91) == .meets { meetsThree += 1 }
        }
        let rateOne = Double(meetsOne) / Double(draws)
        let rateThree = Double(meetsThree) / Double(draws)
        #expect(rateOne <= tolerance, "n = \(n): one criterion meets in \(rateOne)")
        #expect(rateThree <= tolerance, "n = \(n): three independent criteria meet in \(rateThree)")
        print("coverage n=\(n): meets \(rateOne) (one criterion), \(rateThree) (three independent); bound \(tolerance)")
    }
}

extension ComponentResult {
    fileprivate var ciLowValue: Double? { estimate.ciLow }
}
