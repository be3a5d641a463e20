import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Reports read from the real aggregate: periods add up, boundaries carry counts to
/// successors, superseded uploads drop out.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ReportServiceTests {
    static let today = CalendarDate("2026-11-27")!

    func importTally(_ db: Database, _ text: String, name: String, replace: Bool = false) async throws {
        let url = try ImportFixture.write(text, to: name, in: try ImportFixture.folder())
        _ = try await ImportService(db).importTallies(
            url, options: .init(surveyCode: "sipas-2017", replace: replace, actor: "test", today: Self.today))
    }

    func demoTallies(_ db: Database, survey: Survey, codes: [String], months: ClosedRange<Int>) async throws -> [Int: ItemCounts] {
        let units = try await UnitStore(db).list(on: CalendarDate("2021-06-30")!).filter { codes.contains($0.unit.code) }
        let demo = DemoData(survey: survey, units: units.map(\.unit), year: 2021)
        var expected: [Int: ItemCounts] = [:]
        for month in months {
            let text = demo.tally(month: month)
            try await importTally(db, text, name: "m\(month).csv")
            // The counts as the file states them, added up by hand for the check.
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let id = units.first { $0.unit.code == f[0] }!.id
                expected[id, default: ItemCounts()].add(item: f[2], option: f[3], Int(f[4])!)
            }
        }
        return expected
    }

    @Test func aQuarterEqualsItsThreeMonthsPooled() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let codes = ["436", "18070", "18073", "42-SNV"]
            let expected = try await demoTallies(db, survey: survey, codes: codes, months: 1...3)
            let service = ReportService(db)
            let quarter = try await service.report(
                .init(surveyCode: "sipas-2017", from: .quarter(2021, 1), to: .quarter(2021, 1), unitCodes: codes, today: Self.today)
            ).report
            let span = try await service.report(
                .init(surveyCode: "sipas-2017", from: .month(2021, 1), to: .month(2021, 3), unitCodes: codes, today: Self.today)
            ).report
            #expect(quarter.units == span.units)
            let versions = try await UnitStore(db).list(on: CalendarDate("2021-03-31")!)
            for unit in quarter.units {
                let id = versions.first { $0.unit.code == unit.code }!.id
                let byHand = IndexCalculator(survey: survey).compute(expected[id]!)
                #expect(unit.respondents == byHand.respondents)
                #expect(unit.overall.index == byHand.overall.index)
                #expect(unit.criteria.map(\.satisfied) == byHand.criteria.map(\.satisfied))
            }
            // March compared with February and with March a year earlier (no data: null).
            let march = try await service.report(
                .init(surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), unitCodes: ["436"], today: Self.today)
            ).report
            #expect(march.units[0].change.previous?.period == "2021-02")
            #expect(march.units[0].change.yearEarlier == nil)
        }
    }

    @Test func mergedCommunesWithCurrentBoundariesEqualTheirSuccessor() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let store = UnitStore(db)
            let changes = try await ImportFixture.reorganise2025(db)
            // Phường Thành Sen (18073 from 2025-07) took in 18073, 18077, 18079 and the default share of 18082.
            let predecessors = Set(
                changes.filter { $0.change.newCode == "18073" && ($0.change.kind == .merge || $0.change.isDefault) }.map(\.change.oldCode))
            #expect(predecessors.isSuperset(of: ["18073", "18077", "18079"]))
            let expected = try await demoTallies(db, survey: survey, codes: Array(predecessors) + ["18070"], months: 3...3)
            let versions = try await store.list(on: CalendarDate("2021-03-31")!)
            let pooled = versions.filter { predecessors.contains($0.unit.code) }.reduce(into: ItemCounts()) {
                $0.add(expected[$1.id] ?? ItemCounts())
            }

            let current = try await ReportService(db).report(
                .init(
                    surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3),
                    unitCodes: ["18073"], boundaries: .current, today: Self.today)
            ).report
            let thanhSen = try #require(current.units.first)
            #expect(thanhSen.name == "Phường Thành Sen")
            let byHand = IndexCalculator(survey: survey).compute(pooled)
            #expect(thanhSen.respondents == pooled.questionnaires)
            #expect(thanhSen.overall.index == byHand.overall.index)
            #expect(thanhSen.criteria.map(\.satisfied) == byHand.criteria.map(\.satisfied))
            // As reported, Nam Hà is its own unit with its own counts.
            let asReported = try await ReportService(db).report(
                .init(
                    surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3),
                    unitCodes: ["18073"], today: Self.today)
            ).report
            #expect(asReported.units.first?.name == "Phường Nam Hà")
            let namHa = versions.first { $0.unit.code == "18073" }!.id
            #expect(asReported.units.first?.respondents == expected[namHa]?.questionnaires)
        }
    }

    @Test func aSupersededUploadDropsOutOfTheReport() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let first = "unit,period,item,option,count\n18073,2021-03,questionnaires,,40\n18073,2021-03,1.1,4,40\n"
            let fixed = "unit,period,item,option,count\n18073,2021-03,questionnaires,,40\n18073,2021-03,1.1,4,20\n18073,2021-03,1.1,2,20\n"
            try await importTally(db, first, name: "first.csv")
            try await importTally(db, fixed, name: "fixed.csv", replace: true)
            let report = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), unitCodes: ["18073"], today: Self.today)
            ).report
            #expect(report.units[0].respondents == 40)
            #expect(report.units[0].criteria[0].index == 50)
            #expect(report.units[0].criteria[0].satisfied == 20 && report.units[0].criteria[0].valid == 40)
            // An item nobody answered is null, not 0.
            #expect(report.units[0].criteria[1].index == nil)
            let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            #expect(!json.contains("NaN"))
        }
    }

    @Test func areaScopeAddsTheDistrictAndItsCommunes() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let expected = try await demoTallies(db, survey: survey, codes: ["436", "18070", "18073", "439"], months: 3...3)
            let service = ReportService(db)
            let area = try await service.report(
                .init(
                    surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), level: .district, scope: .area, today: Self.today)
            ).report
            let versions = try await UnitStore(db).list(on: CalendarDate("2021-03-31")!)
            func n(_ code: String) -> Int { expected[versions.first { $0.unit.code == code }!.id]?.questionnaires ?? 0 }
            #expect(area.units.first { $0.code == "436" }?.respondents == n("436") + n("18070") + n("18073"))
            #expect(area.units.count == 13)  // every district of 2021, with or without data
            #expect(area.reference?.respondents == n("436") + n("18070") + n("18073") + n("439"))
        }
    }

    /// With `across_units: mean_of_units` the province reference is the mean of its units'
    /// indices too, not their pooled counts (SIPAS.md §5).
    @Test func theReferenceFollowsAcrossUnits() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            var survey = try await ImportFixture.prepare(db)
            survey.version = 2
            survey.index.acrossUnits = .meanOfUnits
            _ = try await SurveyStore(db).add(survey, actor: "test")
            let units = try await UnitStore(db).list(on: CalendarDate("2021-06-30")!).filter {
                ["18070", "18073", "439"].contains($0.unit.code)
            }
            let text = DemoData(survey: survey, units: units.map(\.unit), year: 2021).tally(month: 3)
            let url = try ImportFixture.write(text, to: "m3.csv", in: try ImportFixture.folder())
            _ = try await ImportService(db).importTallies(
                url, options: .init(surveyCode: "sipas-2017", surveyVersion: 2, actor: "test", today: Self.today))
            let report = try await ReportService(db).report(
                .init(
                    surveyCode: "sipas-2017", surveyVersion: 2, from: .month(2021, 3), to: .month(2021, 3), today: Self.today)
            ).report
            let indices = report.units.compactMap(\.overall.index)
            #expect(indices.count == 3)
            let reference = try #require(report.reference?.overall.index)
            #expect(abs(reference - indices.reduce(0, +) / 3) < 1e-9)
            #expect(report.reference?.respondents == report.units.reduce(0) { $0 + $1.respondents })
        }
    }

    @Test func trendsContinueAcrossSurveyVersionsThroughTheSeriesMapping() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let newer = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2023.yaml"))
            _ = try await SurveyStore(db).add(newer, actor: "test")
            _ = try await demoTallies(db, survey: survey, codes: ["436"], months: 2...3)
            let trend = try await TrendService(db).trend(
                surveyCode: "sipas-2023", unit: "436", from: .month(2021, 1), to: .month(2021, 3), scope: .self, today: Self.today)
            #expect(trend.points.map(\.period) == ["2021-01", "2021-02", "2021-03"])
            #expect(trend.points.map(\.survey) == ["sipas-2023", "sipas-2017", "sipas-2017"])
            #expect(trend.points[0].overall.index == nil && trend.points[0].respondents == 0)
            let march = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), unitCodes: ["436"], today: Self.today)
            ).report.units[0]
            // sipas-2023's S1…S5 continue sipas-2017's elements 1…5.
            #expect(trend.points[2].elements.map(\.code) == ["S1", "S2", "S3", "S4", "S5"])
            #expect(trend.points[2].elements.map(\.index) == march.elements.map(\.index))
            #expect(trend.points[2].respondents == march.respondents)
            // What sipas-2017 cannot supply is said: the public-policy part.
            #expect(trend.unmapped.contains { $0.hasPrefix("sipas-2023 P:") })
        }
    }
}
