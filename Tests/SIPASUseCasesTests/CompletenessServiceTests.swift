import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Completeness against the real database: two communes of Thành phố Hà Tĩnh send March 2021,
/// one before the deadline and one after; the rest of the district is missing.
@Suite struct CompletenessServiceTests {
    /// The communes of district 436 in the shipped unit list, read independently of sipas.
    static func communesOf436() throws -> Set<String> {
        let text = try String(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/units/ha-tinh-2021.csv"), encoding: .utf8)
        return Set(
            text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                .filter { $0.count > 2 && $0[1] == "436" && $0[2] == "commune" }.map { $0[0] })
    }

    /// The survey and the units, then March 2021 of 18073 and 18070, one file each.
    static func importMarch(_ db: Database) async throws {
        _ = try await ImportFixture.prepare(db)
        let folder = try ImportFixture.folder()
        for unit in ["18073", "18070"] {
            let text = "unit,period,item,option,count\n\(unit),2021-03,questionnaires,,40\n\(unit),2021-03,1.1,5,40"
            let url = try ImportFixture.write(text, to: "march-\(unit).csv", in: folder)
            _ = try await ImportService(db).importTallies(
                url, options: .init(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!))
        }
    }

    @Test func missingLateAndOnTime() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            try await Self.importMarch(db)
            // 18073's file arrived late in the evening of the deadline, Vietnam time.
            _ = try await db.scalar(
                """
                UPDATE uploads SET uploaded_at = '2021-04-05 23:30:00+07' WHERE file_name = 'march-18073.csv' RETURNING 1
                """, as: Int.self)
            let c = try await CompletenessService(db).completeness(
                surveyCode: "sipas-2017", period: Period("2021-03")!, rules: ReportingRules(levels: [.commune]))
            let communes = try Self.communesOf436()
            let district = try #require(c.areas.first { $0.code == "436" })
            #expect(district.expected == communes.count)
            #expect(district.onTime == 1 && district.late == 1)
            #expect(Set(district.missingUnits) == communes.subtracting(["18073", "18070"]))
            let status = Dictionary(uniqueKeysWithValues: c.units.map { ($0.code, $0) })
            #expect(status["18073"]?.status == .onTime && status["18073"]?.received == CalendarDate("2021-04-05"))
            #expect(status["18070"]?.status == .late && status["18070"]?.received == CalendarDate.today())
            // Another survey's data do not count for sipas-2017, but count when no survey is named.
            let any = try await CompletenessService(db).completeness(
                surveyCode: nil, period: Period("2021-03")!, rules: ReportingRules(levels: [.commune]))
            #expect(any.total.missing == c.total.missing)
            // April: nobody has sent anything.
            let april = try await CompletenessService(db).completeness(
                surveyCode: "sipas-2017", period: Period("2021-04")!, rules: ReportingRules(levels: [.commune]))
            #expect(april.total.onTime + april.total.late == 0)
        }
    }

    /// The report of a month or a quarter carries the completeness `sipas uploads missing`
    /// gives; a year or a span of months carries none; named units count their areas only.
    @Test func reportsCarryTheCompletenessOfTheirPeriod() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            try await Self.importMarch(db)
            func report(_ from: String, _ to: String? = nil, units: [String] = [], level: UnitLevel? = nil) async throws -> Report {
                try await ReportService(db).report(
                    .init(
                        surveyCode: "sipas-2017", from: Period(from)!, to: Period(to ?? from)!, level: level, unitCodes: units,
                        scope: level == nil ? .self : .area, today: CalendarDate("2021-12-31")!)
                ).report
            }
            let march = try await CompletenessService(db).completeness(surveyCode: "sipas-2017", period: Period("2021-03")!)
            #expect(try await report("2021-03").completeness == march)
            #expect(try await report("2021-03", level: .district).completeness == march)
            #expect(march.total.expected == 13 + 216 + 23 && march.total.missing == march.total.expected - 2)
            let quarter = try #require(try await report("2021-Q1").completeness)
            #expect(quarter.period == "2021-Q1" && quarter.deadline == CalendarDate("2021-04-05"))
            #expect(Set(quarter.units.filter { $0.status != .missing }.map(\.code)) == ["18070", "18073"])
            #expect(try await report("2021").completeness == nil)
            #expect(try await report("2021-01", "2021-03").completeness == nil)
            // A district by name (or by code), and a commune: only what is under them.
            let district = try #require(try await report("2021-03", units: ["Thành phố Hà Tĩnh"]).completeness)
            #expect(district.restrictedTo == ["436"])
            #expect(Set(district.units.map(\.code)) == (try Self.communesOf436()).union(["436"]))
            #expect(district.areas.count == 1 && district.areas[0].onTime + district.areas[0].late == 2)
            let commune = try #require(try await report("2021-03", units: ["18070", "18100"]).completeness)
            #expect(commune.units.map(\.code) == ["18070", "18100"] && commune.total.missing == 1)
        }
    }
}
