import SIPASCore

extension ReportText {
    /// At most this many units that sent nothing are named on an area's line.
    static let namedMissingLimit = 10

    /// The completeness of the report's period: a line for all units, then one per area
    /// (district area, or the province for its departments) with the units that sent nothing.
    static func completenessLines(_ c: Completeness, language: Language) -> [String] {
        let vi = language == .vi
        func int(_ value: Int) -> String { NumberFormatting.integer(value, language: language) }
        func counts(_ a: Completeness.Area) -> String {
            let rate = NumberFormatting.percent(a.completeness, language: language)
            return vi
                ? "\(int(a.onTime + a.late))/\(int(a.expected)) (\(rate)), đúng hạn \(int(a.onTime)), muộn \(int(a.late)), chưa gửi \(int(a.missing))"
                : "\(int(a.onTime + a.late)) of \(int(a.expected)) (\(rate)), on time \(int(a.onTime)), late \(int(a.late)), missing \(int(a.missing))"
        }
        let within =
            c.restrictedTo.isEmpty
            ? "" : (vi ? " — chỉ các đơn vị thuộc " : " — only units under ") + c.restrictedTo.joined(separator: ", ")
        var lines = [
            (vi ? "Tình hình gửi số liệu (hạn \(c.deadline.label(language))): " : "Reporting (due \(c.deadline.label(language))): ")
                + (c.total.expected == 0 ? (vi ? "không có đơn vị nào phải gửi" : "no unit must report") : counts(c.total)) + within
        ]
        let missing = Dictionary(grouping: c.missingUnits, by: \.area)
        for area in c.areas {
            var line = "  \(area.code) \(area.name.precomposedNFC): \(counts(area))"
            if let units = missing[area.code], !units.isEmpty {
                let named = units.prefix(namedMissingLimit).map { "\($0.code) \($0.name.precomposedNFC)" }.joined(separator: ", ")
                let more = units.count - min(units.count, namedMissingLimit)
                line += ": " + named + (more > 0 ? (vi ? " và \(int(more)) đơn vị khác" : " and \(int(more)) more") : "")
            }
            lines.append(line)
        }
        return lines
    }
}
