import SIPASCore

/// The report language's way with numbers and periods, and the few words the SVG charts draw
/// (all other wording is in the report's templates).
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
