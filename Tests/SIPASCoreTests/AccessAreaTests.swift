import Testing

@testable import SIPASCore

/// Areas are unit versions: a code reused after the 2025 reorganisation (18073 was Phường Nam
/// Hà and is Phường Thành Sen) brings the old unit's history only when the successions say so.
/// Hand-built structure of Hà Tĩnh city: the expected sets are read off the definitions.
@Suite struct AccessAreaTests {
    static let before = CalendarDate("2020-01-01")!
    static let lastOld = CalendarDate("2025-06-30")!
    static let reorganised = CalendarDate("2025-07-01")!
    static let today = CalendarDate("2026-12-02")!

    static func version(
        _ id: Int, _ code: String, _ name: String, parent: String?, _ level: UnitLevel, _ from: CalendarDate, _ to: CalendarDate?
    )
        -> UnitVersion
    {
        UnitVersion(
            id: id, unit: AdminUnit(code: code, parentCode: parent, level: level, type: "", name: name), validFrom: from, validTo: to)
    }

    static let versions: [UnitVersion] = [
        version(1, "42", "Tỉnh Hà Tĩnh", parent: nil, .province, before, nil),
        version(2, "436", "Thành phố Hà Tĩnh", parent: "42", .district, before, lastOld),
        version(3, "18073", "Phường Nam Hà", parent: "436", .commune, before, lastOld),
        version(4, "18077", "Phường Bắc Hà", parent: "436", .commune, before, lastOld),
        version(5, "18100", "Xã Thạch Trung", parent: "436", .commune, before, lastOld),
        // After 1 July 2025: no districts; 18073 is a new ward; 18100 only moves under the province.
        version(6, "18073", "Phường Thành Sen", parent: "42", .commune, reorganised, nil),
        version(7, "18100", "Xã Thạch Trung", parent: "42", .commune, reorganised, nil),
        version(8, "18200", "Phường Trần Phú", parent: "42", .commune, reorganised, nil),
    ]

    static func change(_ old: String, _ new: String) -> (effective: CalendarDate, change: UnitChange) {
        (reorganised, UnitChange(oldCode: old, newCode: new, kind: .merge, isDefault: false, share: nil, note: ""))
    }

    static func area(_ root: String, _ changes: [(effective: CalendarDate, change: UnitChange)]) -> AccessArea {
        AccessArea(root: root, versions: versions, changes: changes, today: today)
    }

    @Test func theSuccessionsGiveTheNewWardItsPredecessorsHistory() {
        let area = Self.area("18073", [Self.change("18073", "18073"), Self.change("18077", "18073")])
        #expect(area.versionIDs == [6, 3, 4])
        #expect(area.contains(code: "18073", during: .month(2025, 3)))
        #expect(area.contains(code: "18077", during: .month(2025, 3)))
        #expect(area.contains(code: "18073", during: .month(2026, 11)))
        #expect(!area.contains(code: "18100", during: .month(2025, 3)))
    }

    @Test func aReusedCodeDoesNotInheritTheOldUnitUnlessTheSuccessionsSaySo() {
        // Nam Hà went to Trần Phú: Thành Sen's clerk must not read Nam Hà's months.
        let elsewhere = Self.area("18073", [Self.change("18073", "18200"), Self.change("18077", "18073")])
        #expect(elsewhere.versionIDs == [6, 4])
        #expect(!elsewhere.contains(code: "18073", during: .month(2025, 3)))
        #expect(elsewhere.contains(code: "18073", during: .month(2025, 7)))
        // The successions say nothing of Nam Hà, and the names differ: still not inherited.
        let silent = Self.area("18073", [Self.change("18077", "18073")])
        #expect(silent.versionIDs == [6, 4])
        // The quarter after the change is the new ward's; two months across the change are not
        // wholly inside the area.
        #expect(silent.contains(code: "18073", during: .quarter(2025, 3)))
        #expect(!silent.contains(code: "18073", from: CalendarDate("2025-06-01")!, to: CalendarDate("2025-07-31")!))
        // Trần Phú's clerk gets Nam Hà's history when the successions give it.
        #expect(Self.area("18200", [Self.change("18073", "18200")]).versionIDs == [8, 3])
    }

    @Test func aUnitThatOnlyMovedKeepsItsHistoryWithoutASuccessionRow() {
        let area = Self.area("18100", [])
        #expect(area.versionIDs == [7, 5])
        #expect(area.contains(code: "18100", from: CalendarDate("2025-01-01")!, to: CalendarDate("2025-12-31")!))
    }

    @Test func aDissolvedDistrictsAreaIsItsCommunesWhileItExisted() {
        let area = Self.area("436", [Self.change("18073", "18073"), Self.change("18077", "18073")])
        #expect(area.versionIDs == [2, 3, 4, 5])
        #expect(area.contains(code: "18100", during: .month(2025, 6)))
        #expect(!area.contains(code: "18100", during: .month(2025, 7)))
        #expect(!area.contains(code: "18073", during: .month(2025, 7)))
        #expect(area.codes == ["436", "18073", "18077", "18100"])
    }

    @Test func theProvinceHoldsEveryVersionAndAnUnknownRootNothing() {
        #expect(Self.area("42", []).versionIDs == Set(1...8))
        #expect(Self.area("99999", []).versionIDs.isEmpty)
        #expect(!Self.area("99999", []).contains(code: "99999", during: .month(2025, 3)))
    }
}
