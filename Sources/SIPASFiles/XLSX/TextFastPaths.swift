import Foundation

/// Cheap shortcuts for the common cases of the per-cell work in the worksheet reader.
enum TextFastPaths {
    /// NFC normalisation, skipped for pure ASCII text (which is always NFC).
    static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// Trims XML whitespace (space, tab, CR, LF) from both ends; returns the text itself
    /// when there is nothing to trim.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if !isWhitespace(first) && !isWhitespace(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text itself when it is already the shortest form of a whole number: an optional
    /// "-" and 1 to 15 digits without a leading zero (exact in a Double). Nil otherwise.
    static func canonicalInteger(_ text: String) -> String? {
        let bytes = text.utf8
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard (1...15).contains(digits.count),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        if digits.first == UInt8(ascii: "0") {
            return digits.count == 1 ? "0" : nil
        }
        return text
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
