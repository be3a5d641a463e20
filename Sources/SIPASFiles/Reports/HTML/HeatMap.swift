import SIPASCore

/// The heat map: one row per unit, one column per element (plus the overall index), each
/// cell coloured by its index on a binned viridis scale with the value printed on it in
/// black or white by luminance. Written as an HTML table so that it can break across pages
/// and repeat its header row.
enum HeatMap {
    /// Lower bounds of the bins above the first (indices in percent).
    static let thresholds: [Double] = [70, 75, 80, 85, 88, 91, 94, 97]

    /// The bin of a value: 0 (below 70) … 8 (97 and above).
    static func bin(_ value: Double) -> Int { thresholds.filter { value >= $0 }.count }

    /// The fill of a value; nil for a missing value.
    static func colour(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        return Palette.viridis[min(bin(value), Palette.viridis.count - 1)]
    }

    /// The order of units in the heat map: by level (departments, districts, communes), then
    /// by rank, unranked units last in the report's order.
    static func ordered(_ units: [Report.UnitResult]) -> [Report.UnitResult] {
        units.enumerated().sorted { a, b in
            if a.element.level != b.element.level { return a.element.level < b.element.level }
            switch (a.element.rank, b.element.rank) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    static func render(report: Report, survey: Survey, words w: Words) -> String {
        let elements = survey.elements
        var html = legend(report: report, words: w)
        html += "<table class=\"heat\" aria-label=\"\(HTML.attr(w.t("Bản đồ nhiệt chỉ số theo yếu tố", "Heat map of element indices")))\">\n"
        let names = elements.map { "<b>\(HTML.text($0.code))</b> \(HTML.text($0.title.text(w.language)))" }.joined(separator: "; ")
        html += "<caption>" + HTML.text(w.t(
            "Chỉ số (%) của từng đơn vị theo yếu tố; màu theo thang ở trên. Yếu tố: ",
            "Index (%) of each unit by element; colours as in the scale above. Elements: ")) + names + ".</caption>\n"
        html += "<thead><tr><th class=\"num\">\(w.t("Hạng", "Rank"))</th><th>\(w.t("Đơn vị", "Unit"))</th>"
        html += "<th class=\"num\">\(w.t("Số phiếu", "Resp."))</th><th class=\"el\">\(w.t("Chung", "Overall"))</th>"
        for element in elements {
            html += "<th class=\"el\" title=\"\(HTML.attr(element.title.text(w.language)))\"><b>\(HTML.text(element.code))</b> "
            html += "<span>\(HTML.text(shortTitle(element.title.text(w.language), language: w.language)))</span></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        let columns = 4 + elements.count
        if let reference = report.reference {
            html += row(reference, elements: elements, words: w, className: "ref")
        }
        var currentLevel: UnitLevel? = nil
        let units = ordered(report.units)
        for unit in units {
            if unit.level != currentLevel {
                currentLevel = unit.level
                let count = units.filter { $0.level == unit.level }.count
                html += "<tr class=\"level\"><th colspan=\"\(columns)\">\(HTML.text(unit.level.label.text(w.language))) (\(w.int(count)))</th></tr>\n"
            }
            html += row(unit, elements: elements, words: w, className: unit.verdict == .tooFewResponses ? "few" : nil)
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// A column heading for an element: the first two syllables of a Vietnamese title
    /// ("Tiếp cận", "Thủ tục"), or the first words of an English one up to 16 characters
    /// without a dangling "of", "and", "to"…; the full titles are in the caption.
    static func shortTitle(_ title: String, language: Language) -> String {
        let words = title.split(separator: " ").map { String($0) }
        guard title.count > 16, !words.isEmpty else { return title }
        var kept: [String]
        switch language {
        case .vi:
            kept = Array(words.prefix(2))
        case .en:
            kept = [words[0]]
            for word in words.dropFirst() {
                if (kept + [word]).joined(separator: " ").count > 16 { break }
                kept.append(word)
            }
            let dangling: Set<String> = ["of", "and", "to", "the", "for", "with", "by", "in", "on", "a", "an"]
            while kept.count > 1, let last = kept.last, dangling.contains(last.lowercased()) { kept.removeLast() }
        }
        var short = kept.joined(separator: " ")
        while let last = short.last, ",;:.–-".contains(last) { short.removeLast() }
        return short
    }

    static func row(_ unit: Report.UnitResult, elements: [SurveyElement], words w: Words, className: String?) -> String {
        let few = unit.verdict == .tooFewResponses
        var html = className.map { "<tr class=\"\($0)\">" } ?? "<tr>"
        html += "<td class=\"num\">\(unit.rank.map { w.int($0) } ?? "–")</td>"
        let incomplete = unit.overall.index != nil && !unit.overall.missing.isEmpty
        html += "<td class=\"name\">\(HTML.text(unit.name))\(few ? " <span class=\"mark\">†</span>" : "")\(incomplete ? " <span class=\"mark\">‡</span>" : "")</td>"
        html += "<td class=\"num\">\(w.int(unit.respondents))</td>"
        html += cell(unit.overall.index, words: w, muted: few)
        for element in elements {
            html += cell(unit.elements.first { $0.code == element.code }?.index, words: w, muted: few)
        }
        return html + "</tr>\n"
    }

    /// A value cell; `muted` cells (too few responses) are left uncoloured and in italics.
    static func cell(_ value: Double?, words w: Words, muted: Bool) -> String {
        guard let fill = colour(value), !muted else {
            return "<td class=\"v\(muted ? " muted" : "")\">\(w.num(value))</td>"
        }
        return "<td class=\"v\" style=\"background:\(fill);color:\(Palette.textColour(on: fill))\">\(w.num(value))</td>"
    }

    static func legend(report: Report, words w: Words) -> String {
        var html = "<div class=\"legend heat-legend\" role=\"img\" aria-label=\"\(HTML.attr(w.t("Thang màu", "Colour scale")))\">"
        html += "<span class=\"legend-title\">\(w.t("Thang màu (chỉ số, %):", "Colour scale (index, %):"))</span>"
        for (i, fill) in Palette.viridis.enumerated() {
            let label: String
            if i == 0 {
                label = "&lt; \(w.num(thresholds[0], 0))"
            } else if i == thresholds.count {
                label = "≥ \(w.num(thresholds[i - 1], 0))"
            } else {
                label = "\(w.num(thresholds[i - 1], 0))–\(w.num(thresholds[i], 0))"
            }
            html += "<span class=\"swatch\" style=\"background:\(fill);color:\(Palette.textColour(on: fill))\">\(label)</span>"
        }
        html += "</div>\n<p class=\"note\">"
        html += w.t(
            "Mỗi ô ghi chỉ số của đơn vị (hai chữ số thập phân). Ô “–”: không tính được (không có phiếu trả lời). "
                + "† Quá ít phiếu (dưới \(report.method.minRespondents) phiếu): số liệu chỉ để tham khảo, không tô màu, không xếp hạng. "
                + "‡ Chỉ số thiếu tiêu chí (không có câu trả lời hợp lệ): không xếp hạng. "
                + "Đơn vị xếp theo cấp, trong mỗi cấp theo hạng của cấp.",
            "Each cell gives the unit's index (two decimals). “–”: cannot be computed (no answers). "
                + "† Too few responses (fewer than \(report.method.minRespondents)): for reference only, not coloured, not ranked. "
                + "‡ Index lacking criteria (no valid answer): not ranked. "
                + "Units are grouped by level and ordered by their rank within each level.")
        return html + "</p>\n"
    }
}
