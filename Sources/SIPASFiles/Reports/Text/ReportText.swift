import Foundation
import SIPASCore

/// The report as a terminal table (Vietnamese by default): a heading, the reference line, one
/// row per unit, level by level, each level in rank order (ranks run within a level; unranked
/// units last, in the report's order), then notes on units with too few responses, without
/// valid answers or with incomplete indices, and on what could not be mapped, and the
/// period's reporting completeness (a month or a quarter). Interval bounds
/// are rounded outward. Columns are aligned by
/// counting Characters of NFC text, so Vietnamese letters count once each.
public enum ReportText {
    public static func render(_ report: Report, survey: Survey, language: Language = .vi) -> String {
        let vi = language == .vi
        func pct(_ v: Double?) -> String { NumberFormatting.percent(v, language: language) }
        func num(_ v: Double?) -> String { NumberFormatting.decimal(v, digits: 2, language: language) }
        func withInterval(_ e: Report.Estimate) -> String {
            guard e.index != nil else { return "–" }
            return "\(pct(e.index)) (\(NumberFormatting.interval(e.ciLow, e.ciHigh, language: language)))"
        }

        var lines: [String] = []
        lines.append("\(survey.title.text(language).precomposedNFC) — \(periodLabel(report.period, language))")
        lines.append((vi ? "Mục tiêu: " : "Target: ") + pct(report.target))
        if let reference = report.reference {
            let responses = NumberFormatting.integer(reference.respondents, language: language)
            lines.append(
                (vi ? "Đối chiếu: " : "Reference: ") + "\(reference.code) \(reference.name.precomposedNFC) — "
                    + "\(responses) \(vi ? "phiếu" : "responses") — \(withInterval(reference.overall))")
        } else {
            lines.append(vi ? "Đối chiếu: không có" : "Reference: none")
        }
        if let flagged = flaggedLine(report, language: language) { lines.append(flagged) }
        lines.append("")

        let elementCodes = survey.elements.map(\.code)
        let header =
            (vi
                ? ["Hạng", "Nhóm", "Mã", "Tên", "Số phiếu", "Chỉ số (khoảng tin cậy)"]
                : ["Rank", "Group", "Code", "Name", "Responses", "Index (interval)"])
            + elementCodes + (vi ? ["Kết luận", "So với đối chiếu"] : ["Verdict", "Against reference"])
        let rightAligned = Set([0, 1, 4, 5] + elementCodes.indices.map { $0 + 6 })

        let order = report.units.indices.sorted { a, b in
            let (x, y) = (report.units[a].level, report.units[b].level)
            if x != y { return x < y }
            switch (report.units[a].rank, report.units[b].rank) {
            case (let x?, let y?): return x != y ? x < y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        var rows: [[String]] = [header]
        for i in order {
            let unit = report.units[i]
            let elements = elementCodes.map { code in pct(unit.elements.first { $0.code == code }?.index) }
            rows.append(
                [
                    unit.rank.map(String.init) ?? "–", unit.group.map(String.init) ?? "–", unit.code, unit.name.precomposedNFC,
                    NumberFormatting.integer(unit.respondents, language: language), withInterval(unit.overall),
                ]
                    + elements + [unit.verdict.label.text(language), unit.comparison?.standing.label.text(language) ?? "–"])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.indices.map { column in
                pad(row[column], to: widths[column], right: rightAligned.contains(column))
            }
            lines.append(trimmingTrailingSpaces(cells.joined(separator: "  ")))
        }

        let tooFew = report.units.filter { $0.verdict == .tooFewResponses }
        if !tooFew.isEmpty {
            lines.append("")
            let list = tooFew.map { "\($0.code) \($0.name.precomposedNFC)" }.joined(separator: ", ")
            let minimum = report.method.minRespondents
            lines.append(
                vi
                    ? "\(Verdict.tooFewResponses.label.vi) (dưới \(minimum) phiếu, không xếp hạng, không kết luận): \(list)"
                    : "\(Verdict.tooFewResponses.label.en) (fewer than \(minimum), not ranked, no verdict): \(list)")
        }
        let noAnswers = report.units.filter { $0.verdict == .noValidAnswers }
        if !noAnswers.isEmpty {
            lines.append("")
            let list = noAnswers.map { "\($0.code) \($0.name.precomposedNFC)" }.joined(separator: ", ")
            lines.append(
                vi
                    ? "\(Verdict.noValidAnswers.label.vi) (có phiếu nhưng mọi tiêu chí đều bỏ trống, không xếp hạng, không kết luận): \(list)"
                    : "\(Verdict.noValidAnswers.label.en) (questionnaires, but every criterion left unanswered; not ranked, no verdict): \(list)"
            )
        }
        let incomplete = report.units.filter { $0.overall.index != nil && !$0.overall.missing.isEmpty }
        if !incomplete.isEmpty {
            lines.append("")
            let ranked = incomplete.contains { $0.rank != nil }
            lines.append(
                vi
                    ? "Chỉ số thiếu tiêu chí (không có câu trả lời hợp lệ)\(ranked ? "" : ", không xếp hạng"):"
                    : "Indices lacking criteria (no valid answer)\(ranked ? "" : ", not ranked"):")
            for unit in incomplete {
                lines.append("  \(unit.code) \(unit.name.precomposedNFC): \(unit.overall.missing.joined(separator: ", "))")
            }
        }
        if !report.unmappedUnits.isEmpty {
            lines.append("")
            lines.append(
                (vi ? "Đơn vị cũ không chuyển được sang địa giới mới: " : "Old units that could not be carried to the boundaries: ")
                    + report.unmappedUnits.map(\.precomposedNFC).joined(separator: ", "))
        }
        if !report.unmappedSeries.isEmpty {
            lines.append(
                (vi ? "Chỉ tiêu không có số liệu nối tiếp từ phiếu cũ: " : "Codes with no earlier series: ")
                    + report.unmappedSeries.joined(separator: ", "))
        }
        if let completeness = report.completeness {
            lines.append("")
            lines.append(contentsOf: completenessLines(completeness, language: language))
        }
        if let channels = report.channels {
            lines.append("")
            lines.append(contentsOf: channelLines(channels, language: language))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Tháng 3/2021", "Quý 1/2021", "Năm 2021"; a range "2021-01..2021-06" as
    /// "Tháng 1/2021 – Tháng 6/2021"; anything else as given.
    public static func periodLabel(_ text: String, _ language: Language) -> String {
        let ends = text.components(separatedBy: "..")
        let periods = ends.compactMap(Period.init)
        guard periods.count == ends.count, !periods.isEmpty else { return text }
        return periods.map { $0.label(language) }.joined(separator: " – ")
    }

    /// Pads with spaces to `width` Characters.
    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    static func trimmingTrailingSpaces(_ text: String) -> String {
        var s = Substring(text)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
