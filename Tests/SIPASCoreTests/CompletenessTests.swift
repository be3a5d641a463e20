import Foundation
import SIPASCore
import SIPASTestSupport
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

/// The hand-counted province of `CompletenessExample`, whole and restricted to named units.
@Suite struct CompletenessExampleTests {
    /// Must report, on time, late, missing.
    static func counts(_ area: Completeness.Area) -> [Int] { [area.expected, area.onTime, area.late, area.missing] }

    @Test func theHandCountedTable() throws {
        let c = CompletenessExample.completeness()
        #expect(c.deadline == CalendarDate("2021-04-05"))
        #expect(c.restrictedTo.isEmpty)
        #expect(c.areas.map(\.code) == ["42", "436", "437"])
        let (province, city, town) = (c.areas[0], c.areas[1], c.areas[2])
        #expect(Self.counts(province) == [1, 1, 0, 0])
        #expect(Self.counts(city) == [4, 2, 1, 1])
        #expect(Self.counts(town) == [3, 2, 0, 1])
        #expect(city.completeness == 75 && city.timeliness == 50)
        #expect(town.completeness == 200.0 / 3 && town.timeliness == 200.0 / 3)
        #expect(city.missingUnits == ["18073"] && town.missingUnits == ["437"])
        #expect(Self.counts(c.total) == [8, 5, 1, 2])
        #expect(c.total.completeness == 75 && c.total.timeliness == 62.5)
        #expect(c.missingUnits.map(\.code) == ["18073", "437"])
        #expect(c.areas.map(\.name) == ["Tỉnh Hà Tĩnh", "Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh"])
    }

    @Test func namedUnitsCountOnlyTheirAreas() {
        let district = CompletenessExample.completeness(within: ["436"])
        #expect(district.restrictedTo == ["436"])
        #expect(district.units.map(\.code) == ["436", "18070", "18073", "18076"])
        #expect(district.areas.map(\.code) == ["436"])
        #expect(Self.counts(district.total) == [4, 2, 1, 1])
        // A commune alone: itself, counted in its district's area.
        let commune = CompletenessExample.completeness(within: ["18073"])
        #expect(commune.units.map(\.code) == ["18073"])
        #expect(commune.areas.map(\.code) == ["436"] && commune.areas[0].expected == 1 && commune.areas[0].completeness == 0)
        // Two roots; the province as a root counts everything.
        #expect(CompletenessExample.completeness(within: ["42-SNV", "437"]).units.map(\.code) == ["42-SNV", "437", "18100", "18103"])
        #expect(CompletenessExample.completeness(within: ["42"]).units == CompletenessExample.completeness().units)
        // A unit that did not exist in the period: nothing to count.
        #expect(CompletenessExample.completeness(within: ["18079"]).units.isEmpty)
    }

    @Test func decodesWhatItEncodesAndWhatOlderVersionsWrote() throws {
        let c = CompletenessExample.completeness(within: ["436"])
        #expect(try JSONDecoder().decode(Completeness.self, from: JSONEncoder().encode(c)) == c)
        // `sipas uploads missing --format json` before reports carried completeness: no restricted_to.
        var object = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(CompletenessExample.completeness())) as? [String: Any])
        object["restricted_to"] = nil
        let older = try JSONDecoder().decode(Completeness.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older == CompletenessExample.completeness())
    }
}
