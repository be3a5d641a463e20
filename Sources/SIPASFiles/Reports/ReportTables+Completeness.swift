import SIPASCore

extension ReportTables {
    /// The completeness tables: one row per area (district area, or the province for its
    /// departments) and one for all units; and the units that sent nothing. Both are empty (a
    /// header only) when the report carries no completeness (a year, a span of periods).
    static func completenessTables(_ completeness: Completeness?, language: Language) -> [ReportTable] {
        let vi = language == .vi
        func int(_ value: Int) -> XLSXCell { .number(Double(value), format: .integer) }
        func pct(_ value: Double?) -> XLSXCell { value.map { .number($0, format: .twoDecimals) } ?? .empty }
        func row(_ code: String, _ name: String, _ a: Completeness.Area) -> [XLSXCell] {
            [
                .text(code), .text(name), int(a.expected), int(a.onTime + a.late), int(a.onTime), int(a.late), int(a.missing),
                pct(a.completeness), pct(a.timeliness),
            ]
        }
        var areas: [[XLSXCell]] = []
        var missing: [[XLSXCell]] = []
        if let c = completeness {
            areas = c.areas.map { row($0.code, $0.name, $0) } + [row("", vi ? "Tổng cộng" : "Total", c.total)]
            let names = Dictionary(c.areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            missing = c.missingUnits.map { u in
                [.text(u.code), .text(u.name), .text(u.level.label.text(language)), .text(u.area), .text(names[u.area] ?? u.area)]
            }
        }
        let areaHeader =
            vi
            ? ["Mã địa bàn", "Địa bàn", "Phải gửi", "Đã gửi", "Đúng hạn", "Muộn", "Chưa gửi", "Tỉ lệ đã gửi (%)", "Tỉ lệ đúng hạn (%)"]
            : ["Area", "Name", "Expected", "Sent", "On time", "Late", "Missing", "Completeness (%)", "Timeliness (%)"]
        let missingHeader = vi ? ["Mã", "Tên", "Cấp", "Mã địa bàn", "Địa bàn"] : ["Code", "Name", "Level", "Area", "Area name"]
        return [
            ReportTable(name: Name.completeness.rawValue, header: areaHeader, rows: areas, widths: [11, 32, 10, 10, 10, 10, 10, 15, 17]),
            ReportTable(name: Name.missing.rawValue, header: missingHeader, rows: missing, widths: [10, 32, 14, 11, 32]),
        ]
    }
}
