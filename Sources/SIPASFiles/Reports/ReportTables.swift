import Foundation
import SIPASCore

/// The report as the tables analysts take into Excel: Summary, Units, Elements, Criteria,
/// Counts, Method, the period's reporting Completeness with the units Missing, and Channels
/// (each unit's index per channel, when the report shows channels). Numbers stay numbers (percent points, unrounded) except interval
/// bounds, which are rounded outward to the two decimals shown (lower down, upper up) so that
/// a displayed interval never contradicts its verdict; absent values are empty cells.
public enum ReportTables {
    /// The tables of a report, in order.
    public enum Name: String, Sendable, CaseIterable {
        case summary, units, elements, criteria, counts, method, completeness, missing, channels
    }

    public static let names = Name.allCases.map(\.rawValue)

    /// A bound rounded outward to two decimals, as the text report prints it.
    static func outward(_ value: Double?, _ rounding: NumberFormatting.Rounding) -> XLSXCell {
        guard let value, value.isFinite else { return .empty }
        let printed = NumberFormatting.decimal(value, digits: 2, rounding: rounding, language: .en).replacingOccurrences(
            of: ",", with: "")
        return Double(printed).map { .number($0, format: .twoDecimals) } ?? .empty
    }

    public static func tables(_ report: Report, survey: Survey, language: Language = .vi) -> [ReportTable] {
        let vi = language == .vi
        func pct(_ value: Double?) -> XLSXCell { value.map { .number($0, format: .twoDecimals) } ?? .empty }
        func int(_ value: Int?) -> XLSXCell { value.map { .number(Double($0), format: .integer) } ?? .empty }
        func text(_ value: String?) -> XLSXCell { value.map { .text($0) } ?? .empty }
        func bound(_ value: Double?, _ rounding: NumberFormatting.Rounding) -> XLSXCell { outward(value, rounding) }
        /// Why a unit is not ranked or judged beyond the verdict: the criteria its index lacks.
        func note(_ unit: Report.UnitResult) -> XLSXCell {
            guard unit.overall.index != nil, !unit.overall.missing.isEmpty else { return .empty }
            let codes = unit.overall.missing.joined(separator: ", ")
            return .text(vi ? "Thiếu tiêu chí (không có câu trả lời hợp lệ): \(codes)" : "Lacks criteria (no valid answer): \(codes)")
        }
        let period = Period(report.period)?.label(language) ?? report.period
        let all = (report.reference.map { [$0] } ?? []) + report.units

        var verdicts: [Verdict: Int] = [:]
        for unit in report.units { verdicts[unit.verdict, default: 0] += 1 }
        var summary: [[XLSXCell]] = [
            [.text(vi ? "Phiếu khảo sát" : "Survey"), .text("\(report.survey) v\(report.surveyVersion) — \(survey.title.text(language))")],
            [.text(vi ? "Kỳ báo cáo" : "Period"), .text(period)],
            [.text(vi ? "Mục tiêu (%)" : "Target (%)"), pct(report.target)],
        ]
        if let reference = report.reference {
            summary += [
                [.text(vi ? "Đơn vị đối chiếu" : "Reference"), .text("\(reference.code) \(reference.name)")],
                [.text(vi ? "Số phiếu" : "Respondents"), int(reference.respondents)],
                [.text(vi ? "Chỉ số chung (%)" : "Overall index (%)"), pct(reference.overall.index)],
                [.text(vi ? "Cận dưới 95 % (%)" : "95 % lower bound (%)"), bound(reference.overall.ciLow, .down)],
                [.text(vi ? "Cận trên 95 % (%)" : "95 % upper bound (%)"), bound(reference.overall.ciHigh, .up)],
            ]
        }
        if let excluded = report.excludedFlagged {
            summary.append([.text(vi ? "Phiếu bị gắn cờ đã loại" : "Flagged questionnaires left out"), int(excluded)])
        }
        for verdict in Verdict.allCases {
            summary.append([.text("\(vi ? "Số đơn vị" : "Units"): \(verdict.label.text(language))"), int(verdicts[verdict] ?? 0)])
        }
        if let c = report.completeness {
            summary += [
                [.text(vi ? "Hạn gửi số liệu" : "Data due by"), .text(c.deadline.label(language))],
                [.text(vi ? "Đơn vị phải gửi số liệu" : "Units that must report"), int(c.total.expected)],
                [.text(vi ? "Đơn vị chưa gửi số liệu" : "Units that sent nothing"), int(c.total.missing)],
                [.text(vi ? "Tỉ lệ đơn vị đã gửi (%)" : "Completeness (%)"), pct(c.total.completeness)],
            ]
        }

        let unitHeader =
            vi
            ? [
                "Mã", "Tên", "Cấp", "Số phiếu", "Chỉ số chung (%)", "Cận dưới (%)", "Cận trên (%)", "Kết luận", "So với tỉnh", "Hạng",
                "Nhóm", "Điểm PAR", "Kỳ trước (%)", "Thay đổi", "Có ý nghĩa", "Ghi chú",
            ]
            : [
                "Code", "Name", "Level", "Respondents", "Overall (%)", "Lower (%)", "Upper (%)", "Verdict", "Against the province", "Rank",
                "Group", "PAR points", "Previous (%)", "Change", "Significant", "Note",
            ]
        let units = report.units.map { u -> [XLSXCell] in
            [
                .text(u.code), .text(u.name), .text(u.level.label.text(language)), int(u.respondents),
                pct(u.overall.index), bound(u.overall.ciLow, .down), bound(u.overall.ciHigh, .up), .text(u.verdict.label.text(language)),
                text(u.comparison?.standing.label.text(language)), int(u.rank), int(u.group), pct(u.parPoints),
                pct(u.change.previous?.from), pct(u.change.previous?.difference),
                u.change.previous.map { .text($0.significant ? (vi ? "có" : "yes") : (vi ? "không" : "no")) } ?? .empty, note(u),
            ]
        }

        let elementHeader = [vi ? "Mã" : "Code", vi ? "Tên" : "Name"] + survey.elements.map { "\($0.code). \($0.title.text(language))" }
        let elements = all.map { u -> [XLSXCell] in
            [.text(u.code), .text(u.name)] + survey.elements.map { e in pct(u.elements.first { $0.code == e.code }?.index) }
        }

        let texts = Dictionary(survey.allItems.map { ($0.code, $0.text.text(language)) }, uniquingKeysWith: { a, _ in a })
        let criteriaHeader =
            vi
            ? [
                "Mã đơn vị", "Tên đơn vị", "Tiêu chí", "Nội dung", "Chỉ số (%)", "Cận dưới (%)", "Cận trên (%)", "Hài lòng", "Hợp lệ",
                "Không trả lời",
            ]
            : ["Unit", "Name", "Criterion", "Text", "Index (%)", "Lower (%)", "Upper (%)", "Satisfied", "Valid", "No answer"]
        var criteria: [[XLSXCell]] = []
        var counts: [[XLSXCell]] = []
        for u in all {
            for c in u.criteria {
                criteria.append([
                    .text(u.code), .text(u.name), .text(c.code), text(texts[c.code]), pct(c.index), bound(c.ciLow, .down),
                    bound(c.ciHigh, .up),
                    int(c.satisfied), int(c.valid), int(c.noAnswer),
                ])
                counts.append([.text(u.code), .text(c.code), .text(vi ? "hài lòng" : "satisfied"), int(c.satisfied), .empty])
                counts.append([.text(u.code), .text(c.code), .text(vi ? "hợp lệ" : "valid"), int(c.valid), .empty])
                counts.append([.text(u.code), .text(c.code), .text("na"), int(c.noAnswer), .empty])
            }
            for o in u.observations {
                for option in o.options {
                    counts.append([.text(u.code), .text(o.code), .text(option.code), int(option.count), pct(option.percent)])
                }
            }
        }
        let countsHeader =
            vi ? ["Mã đơn vị", "Câu hỏi", "Phương án", "Số lượng", "Tỷ lệ (%)"] : ["Unit", "Item", "Option", "Count", "Share (%)"]

        let m = report.method
        let method: [[XLSXCell]] = [
            [.text(vi ? "Căn cứ" : "Source"), .text(survey.source)],
            [.text("satisfied_levels"), .text(m.satisfiedLevels.map(String.init).joined(separator: ", "))],
            [.text("element_rule"), .text(m.elementRule.rawValue)],
            [.text("overall_rule"), .text(m.overallRule.rawValue)],
            [.text("across_units"), .text(m.acrossUnits.rawValue)],
            [.text("confidence"), .number(m.confidence)],
            [.text("min_respondents"), int(m.minRespondents)],
            [.text("par_weight"), .number(m.parWeight)],
            [.text("boundaries"), .text(m.boundaries)],
            [.text("scope"), .text(m.scope)],
            [.text("interval"), .text(m.interval)],
            [.text("comparison"), .text(m.comparison)],
            [.text("unmapped_units"), .text(report.unmappedUnits.joined(separator: "; "))],
        ]
        return [
            ReportTable(name: "summary", header: [vi ? "Nội dung" : "Item", vi ? "Giá trị" : "Value"], rows: summary, widths: [34, 70]),
            ReportTable(
                name: "units", header: unitHeader, rows: units, widths: [10, 32, 14, 10, 14, 12, 12, 20, 22, 7, 7, 10, 12, 10, 10, 40]),
            ReportTable(name: "elements", header: elementHeader, rows: elements, widths: [10, 32] + survey.elements.map { _ in 18 }),
            ReportTable(name: "criteria", header: criteriaHeader, rows: criteria, widths: [10, 28, 9, 60, 11, 11, 11, 10, 10, 12]),
            ReportTable(name: "counts", header: countsHeader, rows: counts, widths: [10, 14, 14, 10, 11]),
            ReportTable(name: "method", header: [vi ? "Mục" : "Setting", vi ? "Giá trị" : "Value"], rows: method, widths: [22, 90]),
        ] + completenessTables(report.completeness, language: language) + [channelTable(report.channels, language: language)]
    }
}
