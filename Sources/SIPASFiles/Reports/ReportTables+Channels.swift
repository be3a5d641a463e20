import SIPASCore

extension ReportTables {
    /// One row per unit and channel: respondents, the overall index with its interval, and
    /// whether the unit's channels differ (with the significant pairs). A header only when
    /// the report shows no channels.
    static func channelTable(_ channels: [Report.UnitChannels]?, language: Language) -> ReportTable {
        let vi = language == .vi
        func pct(_ value: Double?) -> XLSXCell { value.map { .number($0, format: .twoDecimals) } ?? .empty }
        var rows: [[XLSXCell]] = []
        for unit in channels ?? [] {
            let pairs = unit.differences.filter(\.significant).map { d in
                d.channels.map { Channel.label(of: $0, language: language) }.joined(separator: " – ")
                    + " (\(NumberFormatting.decimal(d.difference, digits: 2, language: language)))"
            }.joined(separator: "; ")
            for c in unit.channels {
                rows.append([
                    .text(unit.code), .text(unit.name), .text(Channel.label(of: c.channel, language: language)),
                    .number(Double(c.respondents), format: .integer), pct(c.overall.index), outward(c.overall.ciLow, .down),
                    outward(c.overall.ciHigh, .up),
                    .text(c.tooFewRespondents ? (vi ? "Quá ít phiếu" : "Too few responses") : ""),
                    .text(unit.differences.isEmpty ? "" : unit.differ ? (vi ? "Có" : "Yes") : (vi ? "Không" : "No")), .text(pairs),
                ])
            }
        }
        let header =
            vi
            ? [
                "Mã", "Tên", "Kênh", "Số phiếu", "Chỉ số chung (%)", "Cận dưới (%)", "Cận trên (%)", "Ghi chú",
                "Các kênh khác nhau có ý nghĩa", "Cặp kênh khác nhau (chênh lệch, điểm)",
            ]
            : [
                "Code", "Name", "Channel", "Responses", "Overall index (%)", "Lower bound (%)", "Upper bound (%)", "Note",
                "Channels differ significantly", "Pairs that differ (difference, points)",
            ]
        return ReportTable(name: Name.channels.rawValue, header: header, rows: rows, widths: [10, 32, 28, 10, 14, 12, 12, 18, 16, 40])
    }
}
