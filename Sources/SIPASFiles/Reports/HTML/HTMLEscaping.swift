import SIPASCore

/// Escaping of text that comes from data (unit names, file names, survey texts) before it is
/// put into HTML or SVG. Everything printed from data goes through `HTML.text` or `HTML.attr`.
public enum HTML {
    /// Escapes `& < > " '` and normalises to NFC, so that text is shown as text in element
    /// content and in quoted attribute values alike.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.precomposedNFC.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline have no place in a report.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for element content.
    static func text(_ text: String) -> String { escape(text) }

    /// Text for a double-quoted attribute value.
    static func attr(_ text: String) -> String { escape(text) }
}

/// Localised text chosen by the report language.
struct Words {
    let language: Language

    var vi: Bool { language == .vi }

    /// Picks the Vietnamese or the English text.
    func t(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    /// "91,17 %" / "91.17 %"; "–" for nil.
    func pct(_ value: Double?) -> String { NumberFormatting.percent(value, language: language) }

    /// "91,17" / "91.17"; "–" for nil.
    func num(_ value: Double?, _ digits: Int = 2) -> String { NumberFormatting.decimal(value, digits: digits, language: language) }

    /// "14.274" / "14,274".
    func int(_ value: Int) -> String { NumberFormatting.integer(value, language: language) }

    /// A signed difference in percentage points: "+2,04" / "-1,50"; "–" for nil.
    func signed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let text = num(value)
        return text.hasPrefix("-") || text == num(0) ? text.replacingOccurrences(of: "-", with: "−") : "+" + text
    }

    /// "90,72–91,66" / "90.72–91.66", rounded outward; "–" when either end is missing.
    func interval(_ low: Double?, _ high: Double?) -> String { NumberFormatting.interval(low, high, language: language) }

    /// The period as a heading label: "Tháng 3/2021" / "March 2021".
    func period(_ text: String) -> String { ReportText.periodLabel(text, language) }
}
