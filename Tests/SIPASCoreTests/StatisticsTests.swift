import SIPASTestSupport
import Testing

@testable import SIPASCore

/// Golden numbers from an independent program: Python 3.11 with statsmodels 0.14
/// (`proportion_confint(s, n, alpha=0.05, method="wilson")`, `multipletests(p, method="holm")`)
/// and scipy (`norm.ppf`, `2 * norm.sf`), run on 2026-11-27.
@Suite struct StatisticsTests {
    @Test(arguments: [(0.975, 1.959963984540054), (0.995, 2.5758293035489004), (0.01, -2.3263478740408408), (0.95, 1.6448536269514722)])
    func normalQuantile(pair: (Double, Double)) {
        #expect(abs(Statistics.normalQuantile(pair.0) - pair.1) < 1e-9)
    }

    @Test(arguments: [
        (30, 40, 59.806038579231966, 85.8128813609037),
        (0, 25, 0.0, 13.319225093904855),
        (25, 25, 86.68077490609515, 100.0),
        (91, 100, 83.77378714728368, 95.1927459997435),
        (1, 1, 20.65493143772374, 100.0),
    ])
    func wilsonIntervals(golden: (Int, Int, Double, Double)) throws {
        let (low, high) = try #require(Statistics.wilson(successes: golden.0, trials: golden.1, z: Statistics.z(confidence: 0.95)))
        #expect(abs(100 * low - golden.2) < 1e-9)
        #expect(abs(100 * high - golden.3) < 1e-9)
    }

    @Test func wilsonOfNothingIsNil() {
        #expect(Statistics.wilson(successes: 0, trials: 0, z: 1.96) == nil)
    }

    @Test func holm() {
        let adjusted = Statistics.holm([0.01, 0.04, 0.03, 0.005])
        for (a, b) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func twoSidedP() {
        #expect(abs(Statistics.twoSidedP(z: 1.5) - 0.13361440253771614) < 1e-12)
        #expect(abs(Statistics.twoSidedP(z: -2.5758293035489004) - 0.01) < 1e-12)
    }

    /// Yamane n = N / (1 + N e²): N = 1000, e = 5 % → 1000 / 3.5 = 285.71 → 286 (by hand).
    @Test func yamane() {
        #expect(Statistics.yamane(population: 1000, margin: 0.05) == 286)
        #expect(Statistics.yamane(population: 100, margin: 0.05) == 80)  // 100 / 1.25 = 80 exactly
        #expect(Statistics.yamane(population: 0, margin: 0.05) == 0)
    }
}
