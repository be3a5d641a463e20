import Foundation
import SIPASCore

extension ReportText {
    /// How many flagged questionnaires were left out, when they were.
    static func flaggedLine(_ report: Report, language: Language) -> String? {
        guard let excluded = report.excludedFlagged else { return nil }
        let n = NumberFormatting.integer(excluded, language: language)
        return language == .vi
            ? "Đã loại \(n) phiếu bị gắn cờ (gửi quá nhanh hoặc gửi dồn dập từ một địa chỉ)."
            : "Left out \(n) flagged questionnaires (sent too fast, or in a burst from one address)."
    }

    /// Each unit's index per channel, and which pairs of channels differ significantly.
    static func channelLines(_ channels: [Report.UnitChannels], language: Language) -> [String] {
        let vi = language == .vi
        var lines = [vi ? "Chỉ số theo kênh thu thập:" : "Index by channel:"]
        for unit in channels {
            lines.append("  \(unit.code) \(unit.name.precomposedNFC)")
            if unit.channels.isEmpty { lines.append(vi ? "    (không có phiếu)" : "    (no questionnaires)") }
            for c in unit.channels {
                let index =
                    c.overall.index == nil
                    ? "–"
                    : "\(NumberFormatting.percent(c.overall.index, language: language)) (\(NumberFormatting.interval(c.overall.ciLow, c.overall.ciHigh, language: language)))"
                let few = c.tooFewRespondents ? (vi ? " — quá ít phiếu, không so sánh" : " — too few responses, not compared") : ""
                lines.append(
                    "    \(Channel.label(of: c.channel, language: language)): \(NumberFormatting.integer(c.respondents, language: language)) "
                        + "\(vi ? "phiếu" : "responses"), \(index)\(few)")
            }
            let significant = unit.differences.filter(\.significant)
            if significant.isEmpty {
                if !unit.differences.isEmpty {
                    lines.append(vi ? "    Các kênh không khác nhau có ý nghĩa thống kê." : "    The channels do not differ significantly.")
                }
            } else {
                for d in significant {
                    let names = d.channels.map { Channel.label(of: $0, language: language) }
                    let points = NumberFormatting.decimal(abs(d.difference), digits: 2, language: language)
                    let higher = d.difference > 0 ? names[0] : names[1]
                    let lower = d.difference > 0 ? names[1] : names[0]
                    lines.append(
                        vi
                            ? "    Khác nhau có ý nghĩa: \(higher) cao hơn \(lower) \(points) điểm (p hiệu chỉnh = \(NumberFormatting.decimal(d.pAdjusted, digits: 4, language: language)))."
                            : "    Significant: \(higher) above \(lower) by \(points) points (adjusted p = \(NumberFormatting.decimal(d.pAdjusted, digits: 4, language: language)))."
                    )
                }
            }
        }
        return lines
    }
}
