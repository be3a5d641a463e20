import Foundation

/// Makes sheet names that Excel accepts.
enum SheetName {
    /// The longest name Excel allows, in UTF-16 code units.
    static let maxLength = 31

    /// Valid, unique (ignoring case) names for the given wishes, in order: characters Excel
    /// forbids are replaced (`/ \ :` → `-`, `[ ]` → `( )`, `* ?` → `_`), control characters
    /// removed, apostrophes trimmed from both ends, empty names become "Sheet1", "Sheet2"…,
    /// the reserved name "History" gets a trailing "_", long names are cut to 31 characters,
    /// and repeats get " (2)", " (3)"….
    static func uniqueNames(_ wishes: [String]) -> [String] {
        var used = Set<String>()
        var names: [String] = []
        for (index, wish) in wishes.enumerated() {
            var base = sanitized(wish)
            if base.isEmpty { base = "Sheet\(index + 1)" }
            if base.lowercased() == "history" { base += "_" }
            var name = truncated(base, to: maxLength)
            var counter = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(counter))"
                name = truncated(base, to: maxLength - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    private static func sanitized(_ wish: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in wish.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "/", "\\", ":": result.append("-")
            case "[": result.append("(")
            case "]": result.append(")")
            case "*", "?": result.append("_")
            default:
                if scalar.value >= 0x20, XMLEscaping.isAllowedInXML(scalar) { result.append(scalar) }
            }
        }
        var name = String(result).trimmingCharacters(in: .whitespaces)
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        return name.trimmingCharacters(in: .whitespaces)
    }

    /// The longest prefix of whole characters that fits in `limit` UTF-16 code units.
    private static func truncated(_ text: String, to limit: Int) -> String {
        var result = ""
        var length = 0
        for character in text {
            let size = character.utf16.count
            if length + size > limit { break }
            result.append(character)
            length += size
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
