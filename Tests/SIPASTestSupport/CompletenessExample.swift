import SIPASCore

/// A small province whose completeness for March 2021 (deadline 5 April) is counted by hand:
///
/// | area | must report | on time | late | missing | completeness | timeliness |
/// |---|---|---|---|---|---|---|
/// | 42 (its department 42-SNV) | 1 | 1 | 0 | 0 | 100 % | 100 % |
/// | 436 (436, 18070, 18073, 18076) | 4 | 2 (436, 18076) | 1 (18070) | 1 (18073) | 3/4 = 75 % | 2/4 = 50 % |
/// | 437 (437, 18100, 18103) | 3 | 2 (18100, 18103) | 0 | 1 (437) | 2/3 | 2/3 |
/// | total | 8 | 5 | 1 | 2 | 6/8 = 75 % | 5/8 = 62.5 % |
///
/// The province itself does not report; commune 18079 ended in February and does not count.
public enum CompletenessExample {
    static func version(_ id: Int, _ code: String, _ parent: String?, _ level: UnitLevel, _ name: String, to: String? = nil)
        -> UnitVersion
    {
        UnitVersion(
            id: id, unit: AdminUnit(code: code, parentCode: parent, level: level, type: "", name: name),
            validFrom: CalendarDate("2020-01-01")!, validTo: to.flatMap { CalendarDate($0) })
    }

    /// The unit versions; `missingName` names commune 18073, the one that sent nothing.
    public static func versions(missingName: String = "Phường Nam Hà") -> [UnitVersion] {
        [
            version(1, "42", nil, .province, "Tỉnh Hà Tĩnh"), version(2, "42-SNV", "42", .department, "Sở Nội vụ"),
            version(3, "436", "42", .district, "Thành phố Hà Tĩnh"), version(4, "18070", "436", .commune, "Phường Trần Phú"),
            version(5, "18073", "436", .commune, missingName), version(6, "18076", "436", .commune, "Phường Bắc Hà"),
            version(7, "18079", "436", .commune, "Phường Cũ", to: "2021-02-28"), version(8, "437", "42", .district, "Thị xã Hồng Lĩnh"),
            version(9, "18100", "437", .commune, "Phường Bắc Hồng"), version(10, "18103", "437", .commune, "Phường Nam Hồng"),
        ]
    }

    /// The first day each unit version's data arrived.
    public static let received: [Int: CalendarDate] = [
        2: CalendarDate("2021-04-01")!, 3: CalendarDate("2021-04-05")!, 4: CalendarDate("2021-04-06")!, 6: CalendarDate("2021-03-31")!,
        7: CalendarDate("2021-02-10")!, 9: CalendarDate("2021-04-02")!, 10: CalendarDate("2021-04-03")!,
    ]

    public static func completeness(missingName: String = "Phường Nam Hà", within roots: Set<String> = []) -> Completeness {
        Completeness.compute(
            period: Period("2021-03")!, rules: ReportingRules(), versions: versions(missingName: missingName), received: received,
            within: roots)
    }
}
