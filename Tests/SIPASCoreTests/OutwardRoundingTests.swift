import Testing

@testable import SIPASCore

/// Printed bounds are rounded outward (SIPAS.md §5.1): the lower down, the upper up, on the
/// value's shortest decimal text, so a printed interval always contains the computed one.
@Suite struct OutwardRoundingTests {
    @Test func boundsRoundOutward() {
        // 30 of 30: Wilson lower bound 88.64866068260311 (statsmodels) prints 88,64, not 88,65.
        #expect(NumberFormatting.interval(88.64866068260311, 100, language: .vi) == "88,64–100,00")
        #expect(NumberFormatting.interval(90.16292856411208, 98.43366960084523, language: .en) == "90.16–98.44")
        // Exact at the printed precision: unchanged either way.
        #expect(NumberFormatting.interval(91, 91.5, language: .en) == "91.00–91.50")
        // Just below the target prints below it, so "cannot tell" never shows a lower bound of 91,00.
        #expect(NumberFormatting.interval(90.999, 95.001, language: .vi) == "90,99–95,01")
        #expect(NumberFormatting.interval(nil, 95, language: .vi) == "–")
        // Negative values (differences) round toward −∞ and +∞ too.
        #expect(NumberFormatting.decimal(-1.234, digits: 2, rounding: .down, language: .en) == "-1.24")
        #expect(NumberFormatting.decimal(-1.234, digits: 2, rounding: .up, language: .en) == "-1.23")
        // Carrying: 99.991 up → 100.00.
        #expect(NumberFormatting.decimal(99.991, digits: 2, rounding: .up, language: .en) == "100.00")
        // Everything else still rounds half away from zero.
        #expect(NumberFormatting.percent(91.175, language: .vi) == "91,18 %")
    }

    /// Whatever the bounds, the printed interval contains them and agrees with the verdict.
    @Test func aPrintedIntervalNeverContradictsItsVerdict() {
        var generator = SeededGenerator(state: 14)
        for _ in 0..<5000 {
            let low = generator.double(in: 85..<95)
            let high = low + generator.double(in: 0..<5)
            let text = NumberFormatting.interval(low, high, language: .en).split(separator: "–").map { Double($0)! }
            #expect(text[0] <= low && high <= text[1])
            if low >= 91 { #expect(text[0] >= 91) }  // meets: printed lower bound still ≥ target
            if low < 91 && high >= 91 { #expect(text[0] < 91 && text[1] >= 91) }  // cannot tell: straddles
        }
    }
}
