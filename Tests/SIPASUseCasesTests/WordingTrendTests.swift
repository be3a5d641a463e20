import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Trends across the new wordings of issue 14: months counted under version 1 of a survey and
/// months counted under version 2 are one series, through version 2's `series`; and sipas-2023
/// version 2 reaches back to sipas-2017 through version 1's own `series`. The expected indices
/// are worked out here from the numbers written into the tally files, not by `IndexCalculator`.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct WordingTrendTests {
    static let today = CalendarDate("2021-12-31")!
    static let unit = "18073"  // Phường Nam Hà

    static func shipped(_ file: String) throws -> Survey {
        try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/\(file)"))
    }

    /// The answers to one criterion in a month: levels 1…5 and "no answer", adding up to the
    /// month's questionnaires. Different for every criterion and month, so that a criterion
    /// read under the wrong code, or a month read twice, changes the expected numbers.
    static func answers(criterion k: Int, month: Int, questionnaires n: Int) -> [Int] {
        let low = [(k + month) % 3, 1 + (k * month) % 2, 2 + k % 4]
        let satisfied = [3 + (k + 2 * month) % 5, 2 + (k * 3 + month) % 7]
        let given = low + satisfied
        return given + [n - given.reduce(0, +)]
    }

    /// The long-layout tally of the unit for `month` of 2021 with every criterion of `survey`.
    static func tally(_ survey: Survey, month: Int, questionnaires n: Int) -> String {
        let period = "2021-0\(month)"
        var lines = ["unit,period,item,option,count", "\(unit),\(period),questionnaires,,\(n)"]
        for (k, criterion) in survey.criteria.enumerated() {
            for (option, count) in zip(["1", "2", "3", "4", "5", "na"], answers(criterion: k, month: month, questionnaires: n)) {
                lines.append("\(unit),\(period),\(criterion.code),\(option),\(count)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Element → index by the rule of the survey files (SIPAS.md §5): a criterion is
    /// 100 × (n₄ + n₅) / (n₁ + … + n₅), an element the mean of its criteria.
    static func expectedElements(_ survey: Survey, month: Int, questionnaires n: Int) -> [String: Double] {
        var criterionIndex: [String: Double] = [:]
        for (k, criterion) in survey.criteria.enumerated() {
            let a = answers(criterion: k, month: month, questionnaires: n)
            criterionIndex[criterion.code] = 100 * Double(a[3] + a[4]) / Double(a[0] + a[1] + a[2] + a[3] + a[4])
        }
        var result: [String: Double] = [:]
        for element in survey.elements {
            result[element.code] = element.items.map { criterionIndex[$0.code]! }.reduce(0, +) / Double(element.items.count)
        }
        return result
    }

    /// The overall index: the mean of the elements (sipas-2017), or the mean of the parts, each
    /// the mean of its elements (sipas-2023).
    static func expectedOverall(_ survey: Survey, _ elements: [String: Double]) -> Double {
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        if survey.parts.isEmpty { return mean(survey.elements.map { elements[$0.code]! }) }
        return mean(survey.parts.map { part in mean(survey.elements.filter { $0.part == part.code }.map { elements[$0.code]! }) })
    }

    func importTally(_ db: Database, _ survey: Survey, month: Int, questionnaires n: Int, version: Int?) async throws {
        let folder = try ImportFixture.folder()
        let url = try ImportFixture.write(
            Self.tally(survey, month: month, questionnaires: n), to: "\(survey.code)-\(month).csv", in: folder)
        let options = ImportService.Options(surveyCode: survey.code, surveyVersion: version, actor: "test", today: Self.today)
        guard case .imported = try await ImportService(db).importTallies(url, options: options) else {
            Issue.record("the tally of month \(month) was not imported")
            return
        }
    }

    func expect(
        _ point: TrendService.Point, survey: Survey, month: Int, questionnaires n: Int, elements expected: [String: Double],
        overall: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(point.period == "2021-0\(month)", sourceLocation: sourceLocation)
        #expect(point.survey == survey.code && point.version == survey.version, "\(point)", sourceLocation: sourceLocation)
        #expect(point.respondents == n, sourceLocation: sourceLocation)
        #expect(Set(point.elements.map(\.code)) == Set(expected.keys), sourceLocation: sourceLocation)
        for element in point.elements {
            let want = expected[element.code] ?? .nan
            #expect(
                abs((element.index ?? .nan) - want) < 1e-9, "element \(element.code): \(element.index ?? .nan) ≠ \(want)",
                sourceLocation: sourceLocation)
        }
        #expect(
            abs((point.overall.index ?? .nan) - overall) < 1e-9, "overall \(point.overall.index ?? .nan) ≠ \(overall)",
            sourceLocation: sourceLocation)
    }

    /// January on sipas-2017 version 1, February on version 2 (the default once it is stored):
    /// one series, each month with the counts imported for it.
    @Test func sipas2017ContinuesAcrossTheNewWording() async throws {
        let (v1, v2) = (try Self.shipped("sipas-2017.yaml"), try Self.shipped("sipas-2017-v2.yaml"))
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)  // sipas-2017 version 1 and Hà Tĩnh's units
            #expect(try await SurveyCatalog(db).add([v2, v1], actor: "test") == [.added(id: 2), .unchanged(id: 1)])
            try await importTally(db, v1, month: 1, questionnaires: 40, version: 1)
            try await importTally(db, v2, month: 2, questionnaires: 30, version: nil)

            let trend = try await TrendService(db).trend(
                surveyCode: "sipas-2017", unit: Self.unit, from: .month(2021, 1), to: .month(2021, 3), scope: .self, today: Self.today)
            #expect(trend.points.map(\.period) == ["2021-01", "2021-02", "2021-03"])
            #expect(trend.unmapped.isEmpty, "\(trend.unmapped)")
            let january = Self.expectedElements(v1, month: 1, questionnaires: 40)
            let february = Self.expectedElements(v2, month: 2, questionnaires: 30)
            expect(
                trend.points[0], survey: v1, month: 1, questionnaires: 40, elements: january, overall: Self.expectedOverall(v1, january))
            expect(
                trend.points[1], survey: v2, month: 2, questionnaires: 30, elements: february,
                overall: Self.expectedOverall(v2, february))
            #expect(trend.points[2].respondents == 0 && trend.points[2].overall.index == nil)
            // The months really are of two versions: each version alone holds one of them.
            #expect(try await db.scalar("SELECT count(DISTINCT survey_id)::int FROM upload_vectors", as: Int.self) == 2)
        }
    }

    /// With both versions stored, a report (and its completeness) of a month surveyed with
    /// version 1 reads version 1 without being told; a month of version 2, or of no data,
    /// the newest version; `surveyVersion` still chooses.
    @Test func aReportReadsTheVersionItsMonthWasSurveyedWith() async throws {
        let (v1, v2) = (try Self.shipped("sipas-2017.yaml"), try Self.shipped("sipas-2017-v2.yaml"))
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            _ = try await SurveyCatalog(db).add([v2], actor: "test")
            try await importTally(db, v1, month: 1, questionnaires: 40, version: 1)
            try await importTally(db, v2, month: 2, questionnaires: 30, version: nil)
            func report(_ month: Int, version: Int? = nil) async throws -> (version: Int, respondents: Int?) {
                let (report, survey) = try await ReportService(db).report(
                    .init(
                        surveyCode: "sipas-2017", surveyVersion: version, from: .month(2021, month), to: .month(2021, month),
                        unitCodes: [Self.unit], today: Self.today))
                return (survey.version, report.units.first?.respondents)
            }
            #expect(try await report(1) == (1, 40))
            #expect(try await report(2) == (2, 30))
            #expect(try await report(3).version == 2)
            #expect(try await report(1, version: 2) == (2, 0))
            let january = try await CompletenessService(db).completeness(surveyCode: "sipas-2017", period: .month(2021, 1))
            #expect(january.units.contains { $0.code == Self.unit && $0.status != .missing })
        }
    }

    /// January on sipas-2017 version 1, February on sipas-2023 version 1, March on sipas-2023
    /// version 2: the trend of sipas-2023 shows all three, January through both mappings (its
    /// policy element has no counterpart in 2017 and is said so).
    @Test func sipas2023ReachesBackThroughVersionOneToSipas2017() async throws {
        let (old2017, new2017) = (try Self.shipped("sipas-2017.yaml"), try Self.shipped("sipas-2017-v2.yaml"))
        let (old2023, new2023) = (try Self.shipped("sipas-2023.yaml"), try Self.shipped("sipas-2023-v2.yaml"))
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            _ = try await SurveyCatalog(db).add([new2017, old2023, new2023], actor: "test")
            try await importTally(db, old2017, month: 1, questionnaires: 50, version: 1)
            try await importTally(db, old2023, month: 2, questionnaires: 35, version: 1)
            try await importTally(db, new2023, month: 3, questionnaires: 45, version: 2)

            let trend = try await TrendService(db).trend(
                surveyCode: "sipas-2023", unit: Self.unit, from: .month(2021, 1), to: .month(2021, 3), scope: .self, today: Self.today)
            #expect(trend.points.map(\.period) == ["2021-01", "2021-02", "2021-03"])
            // January: sipas-2017's elements 1…5 under the codes S1…S5; its overall is sipas-2017's.
            let january2017 = Self.expectedElements(old2017, month: 1, questionnaires: 50)
            let january = Dictionary(uniqueKeysWithValues: (1...5).map { ("S\($0)", january2017["\($0)"]!) })
            expect(
                trend.points[0], survey: old2017, month: 1, questionnaires: 50, elements: january,
                overall: Self.expectedOverall(old2017, january2017))
            let february = Self.expectedElements(old2023, month: 2, questionnaires: 35)
            expect(
                trend.points[1], survey: old2023, month: 2, questionnaires: 35, elements: february,
                overall: Self.expectedOverall(old2023, february))
            let march = Self.expectedElements(new2023, month: 3, questionnaires: 45)
            expect(
                trend.points[2], survey: new2023, month: 3, questionnaires: 45, elements: march,
                overall: Self.expectedOverall(new2023, march))
            #expect(trend.unmapped.contains("sipas-2023 P: no counterpart in sipas-2017 v1"), "\(trend.unmapped)")
            #expect(!trend.unmapped.contains { $0.contains("sipas-2023 v1") }, "\(trend.unmapped)")
        }
    }
}
