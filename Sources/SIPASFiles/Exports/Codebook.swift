import SIPASCore

/// The items and options of a survey with their labels, for reading an export: written beside
/// a CSV or JSON-lines export, or as a second sheet of an XLSX one.
public enum Codebook {
    public static let header = ["item", "kind", "group", "element", "text_vi", "text_en", "option", "label_vi", "label_en"]

    public static func rows(_ survey: Survey) -> [[String]] {
        var rows: [[String]] = []
        let elementOf = Dictionary(survey.elements.flatMap { e in e.items.map { ($0.code, e.code) } }, uniquingKeysWith: { a, _ in a })
        for item in survey.allItems {
            let base = [item.code, item.kind.rawValue, item.group.rawValue, elementOf[item.code] ?? "", item.text.vi, item.text.en]
            if item.kind == .satisfaction {
                for code in SatisfactionScale.optionCodes {
                    rows.append(base + [code, SatisfactionScale.labels[code]!.vi, SatisfactionScale.labels[code]!.en])
                }
            } else if item.options.isEmpty {
                rows.append(base + ["", "", ""])
            } else {
                for option in item.options { rows.append(base + [option.code, option.label.vi, option.label.en]) }
            }
        }
        return rows
    }
}
