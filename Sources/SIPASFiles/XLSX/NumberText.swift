/// Formats numbers as the shortest decimal text that reads back as the same `Double`.
enum NumberText {
    /// `12` → "12", `0.5` → "0.5", `1e-5` → "0.00001", `1e21` → "1e+21", `-0.0` → "0".
    ///
    /// Plain decimal notation is used for magnitudes from 10^-6 up to (not including) 10^21,
    /// exponent notation outside that range, the same rule JavaScript uses. Swift's own
    /// `description` supplies the shortest round-trip digits. NaN and infinities give "NaN",
    /// "inf" and "-inf"; callers must not write those into a workbook.
    static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return value.description }
        if value == 0 { return "0" }
        // "1.2345e+16", "0.001", "12.0", "5e-324"
        let text = value.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = pieces[0]
        let fractionPart = pieces.count > 1 ? pieces[1] : ""
        var digits = Array(integerPart + fractionPart)
        // The value is 0.d1d2d3... × 10^point.
        var point = integerPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }

        let k = digits.count
        var result = value < 0 ? "-" : ""
        if k <= point && point <= 21 {
            result += String(digits) + String(repeating: "0", count: point - k)
        } else if 0 < point && point <= 21 {
            result += String(digits[..<point]) + "." + String(digits[point...])
        } else if -6 < point && point <= 0 {
            result += "0." + String(repeating: "0", count: -point) + String(digits)
        } else {
            let e = point - 1
            result += String(digits[0])
            if k > 1 { result += "." + String(digits[1...]) }
            result += "e" + (e >= 0 ? "+" : "-") + String(e.magnitude)
        }
        return result
    }
}
