import SIPASCore

/// Escaping of text from data (unit names, file names, survey texts, cell values) before it is
/// put into markup: the HTML and SVG of the report, its Mustache templates (as the content type
/// `SIPAS-HTML`), and the XML parts of XLSX files. The one place where `& < > "` are replaced.
public enum XMLEscaping {
    /// Where the escaped text goes.
    public enum Target: Sendable {
        /// HTML or SVG, element content or a quoted attribute: `'` is escaped too, the text is
        /// normalised to NFC, and characters XML cannot carry (control characters other than tab
        /// and newline) become spaces, as they have no place in a report.
        case html
        /// SpreadsheetML (XML 1.0), element content or a double-quoted attribute: characters XML
        /// forbids are dropped, and carriage returns become `&#13;` so that parsers keep them.
        case spreadsheetML
    }

    /// Escapes `text` for `target`.
    public static func escape(_ text: String, for target: Target = .html) -> String {
        let source = target == .html ? text.precomposedNFC : text
        var out = ""
        out.unicodeScalars.reserveCapacity(source.unicodeScalars.count)
        for scalar in source.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where target == .html: out += "&#39;"
            case "\r" where target == .spreadsheetML: out += "&#13;"
            default:
                let kept = isAllowedInXML(scalar) && (target == .spreadsheetML || scalar.value >= 0x20 || scalar == "\n" || scalar == "\t")
                if kept {
                    out.unicodeScalars.append(scalar)
                } else if target == .html {
                    out += " "
                }
            }
        }
        return out
    }

    /// Whether XML 1.0 allows the scalar in a document.
    static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
