/// Numbers as printed in reports: Vietnamese uses a decimal comma and a dot between
/// thousands (91,17 % · 6.550), English the reverse (91.17 % · 6,550).
///
/// Rounding happens only here, half away from zero on the value's shortest decimal text:
/// 91.175 prints as 91,18 even though the nearest binary double is 91.17499999…, because the
/// reader of the data sees 91.175. Interval bounds are rounded outward instead (the lower
/// down, the upper up: `interval`), so that a printed interval always contains the computed
/// one and never contradicts its verdict (SIPAS.md §5.1).
public enum NumberFormatting {
    /// How the last printed digit is chosen.
    public enum Rounding: Sendable {
        /// Half away from zero (every value but interval bounds).
        case nearest
        /// Toward −∞ (a lower bound).
        case down
        /// Toward +∞ (an upper bound).
        case up
    }

    /// "91,17 %" (vi) / "91.17 %" (en) with two decimals; "–" for nil or a non-finite value.
    public static func percent(_ value: Double?, language: Language) -> String {
        guard let value, value.isFinite else { return "–" }
        return decimal(value, digits: 2, language: language) + " %"
    }

    /// An interval "88,64–100,00" with `digits` decimals, the lower bound rounded down and the
    /// upper up; "–" when either end is missing.
    public static func interval(_ low: Double?, _ high: Double?, digits: Int = 2, language: Language) -> String {
        guard let low, let high, low.isFinite, high.isFinite else { return "–" }
        return decimal(low, digits: digits, rounding: .down, language: language) + "–"
            + decimal(high, digits: digits, rounding: .up, language: language)
    }

    /// The value with exactly `digits` decimals ("9,12"); "–" for nil or a non-finite value.
    public static func decimal(_ value: Double?, digits: Int = 2, rounding: Rounding = .nearest, language: Language) -> String {
        guard let value, value.isFinite else { return "–" }
        let (negative, integer, fraction) = rounded(value, digits: max(0, digits), rounding: rounding)
        let (decimalMark, groupMark) = marks(language)
        var text = (negative ? "-" : "") + grouped(integer, groupMark)
        if !fraction.isEmpty { text += decimalMark + fraction }
        return text
    }

    /// A whole number with thousands separators: "6.550" (vi) / "6,550" (en).
    public static func integer(_ value: Int, language: Language) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + grouped(digits, marks(language).group)
    }

    static func marks(_ language: Language) -> (decimal: String, group: String) {
        language == .vi ? (",", ".") : (".", ",")
    }

    static func grouped(_ digits: String, _ mark: String) -> String {
        var result = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { result += mark }
            result.append(ch)
        }
        return result
    }

    /// Rounds the shortest decimal text of `value` to `digits` decimals: half away from zero,
    /// or toward −∞ / +∞.
    static func rounded(_ value: Double, digits: Int, rounding: Rounding = .nearest) -> (negative: Bool, integer: String, fraction: String)
    {
        var text = String(describing: value.magnitude)  // "91.175", "5e-05", "1.2e+20"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerText = String(pieces[0])
        let fractionText = pieces.count > 1 ? String(pieces[1]) : ""
        var number = (integerText + fractionText).compactMap { $0.wholeNumberValue }
        var point = integerText.count + exponent  // digits before the decimal point
        if point < 1 {
            number.insert(contentsOf: repeatElement(0, count: 1 - point), at: 0)
            point = 1
        }
        let keep = point + digits
        if number.count <= keep { number += repeatElement(0, count: keep + 1 - number.count) }
        let discarded = number[keep...].contains { $0 != 0 }
        let roundUp: Bool  // away from zero
        switch rounding {
        case .nearest: roundUp = number[keep] >= 5
        case .down: roundUp = value < 0 && discarded
        case .up: roundUp = value > 0 && discarded
        }
        number = Array(number[..<keep])
        if roundUp {
            var i = keep - 1
            while i >= 0 {
                if number[i] == 9 {
                    number[i] = 0
                    i -= 1
                } else {
                    number[i] += 1
                    break
                }
            }
            if i < 0 {
                number.insert(1, at: 0)
                point += 1
            }
        }
        var integer = number[..<point].map(String.init).joined()
        while integer.count > 1, integer.first == "0" { integer.removeFirst() }
        let fraction = number[point...].map(String.init).joined()
        let isZero = number.allSatisfy { $0 == 0 }
        return (value < 0 && !isZero, integer, fraction)
    }
}
