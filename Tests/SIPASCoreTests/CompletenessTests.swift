import SIPASCore
import Testing

/// Who must report, who did, on time or late: counted by hand for a small province.
@Suite struct CompletenessTests {
    static func version(_ id: Int, _ code: String, _ parent: String?, _ level: UnitLevel, from: String = "2020-01-01", to: String? = nil)
        -> UnitVersion
    {
        UnitVersion(
            id: id, unit: AdminUnit(code: code, parentCode: parent, level: level, type: "", name: "Unit \(code)"),
            validFrom: CalendarDate(from)!, validTo: to.flatMap { CalendarDate($0) })
    }

    /// A province (1), a department (2), a district (3) with communes 4, 5 and 6 — commune 6
    /// ended in February — and commune 7 created in April.
    static let versions = [
        version(1, "42", nil, .province), version(2, "42-SNV", "42", .department), version(3, "436", "42", .district),
        version(4, "18070", "436", .commune), version(5, "18073", "436", .commune),
        version(6, "18076", "436", .commune, to: "2021-02-28"), version(7, "18099", "436", .commune, from: "2021-04-01"),
    ]

    @Test func deadlineIsTheDayOfTheNextMonth() {
        #expect(ReportingRules().deadline(for: Period("2021-03")!) == CalendarDate("2021-04-05"))
        #expect(ReportingRules(deadlineDay: 10).deadline(for: Period("2021-12")!) == CalendarDate("2022-01-10"))
        #expect(ReportingRules().deadline(for: Period("2021-Q1")!) == CalendarDate("2021-04-05"))
    }

    @Test func unitsOnTimeLateAndMissing() {
        let received = [2: CalendarDate("2021-04-05")!, 4: CalendarDate("2021-04-06")!, 6: CalendarDate("2021-03-02")!]
        let c = Completeness.compute(period: Period("2021-03")!, rules: ReportingRules(), versions: Self.versions, received: received)
        // Valid in March at the reporting levels: 42-SNV, 436, 18070, 18073 (18076 ended, 18099 not yet).
        #expect(c.units.map(\.code).sorted() == ["18070", "18073", "42-SNV", "436"])
        let status = Dictionary(uniqueKeysWithValues: c.units.map { ($0.code, $0.status) })
        #expect(status == ["42-SNV": .onTime, "436": .missing, "18070": .late, "18073": .missing])
        #expect(c.total.expected == 4 && c.total.onTime == 1 && c.total.late == 1 && c.total.missing == 2)
        // The district area holds its committee and its communes; the department counts under the province.
        let district = c.areas.first { $0.code == "436" }
        #expect(district?.expected == 3 && district?.missingUnits.sorted() == ["18073", "436"])
        #expect(district?.completeness == 100.0 / 3)
        #expect(district?.timeliness == 0)
        #expect(c.areas.first { $0.code == "42" }?.expected == 1)
    }

    @Test func onlyTheLevelsThatReport() {
        let c = Completeness.compute(
            period: Period("2021-03")!, rules: ReportingRules(levels: [.commune]), versions: Self.versions, received: [:])
        #expect(c.units.map(\.code).sorted() == ["18070", "18073"])
        #expect(c.total.completeness == 0)
    }
}
