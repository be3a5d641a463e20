import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ResponseImportTests {
    static func options(period: Period? = nil, replace: Bool = false) -> ImportService.Options {
        ImportService.Options(surveyCode: "sipas-2017", replace: replace, period: period, actor: "test", today: CalendarDate("2021-12-31")!)
    }

    /// `n` questionnaires of sipas-2017 for one unit in March 2021, answered at random
    /// (a fifth of the answers left empty), as rows of cells under `header`.
    static func questionnaires(_ survey: Survey, unit: String, n: Int, seed: UInt64) -> (header: [String], rows: [[String]]) {
        var random = SeededGenerator(state: seed)
        let items = survey.allItems.filter { !($0.kind == .profile && $0.options.isEmpty) }
        let header = ["unit", "date", "channel"] + items.map(\.code)
        var rows: [[String]] = []
        for i in 0..<n {
            var row = [unit, "2021-03-\(String(format: "%02d", 1 + i % 28))", ["paper", "kiosk", "web"][i % 3]]
            for item in items {
                if Int.random(in: 0..<5, using: &random) == 0 {
                    row.append("")
                    continue
                }
                switch item.kind {
                case .satisfaction: row.append(String(Int.random(in: 1...5, using: &random)))
                case .multipleChoice:
                    let picks = Set(
                        (0..<Int.random(in: 1...2, using: &random)).map { _ in item.options.randomElement(using: &random)!.code })
                    row.append(picks.sorted().joined(separator: "|"))
                default: row.append(item.options.randomElement(using: &random)!.code)
                }
            }
            rows.append(row)
        }
        return (header, rows)
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    @Test func questionnairesAndTheirHandCountedTallyGiveIdenticalCounts() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let (header, rows) = Self.questionnaires(survey, unit: "18070", n: 250, seed: 42)
            let folder = try ImportFixture.folder()
            let responses = try ImportFixture.write(Self.csv(header, rows), to: "responses.csv", in: folder)

            // Count the same questionnaires by hand, item by item, into a long tally for another unit.
            var tally: [String: [String: Int]] = ["questionnaires": ["": rows.count]]
            for row in rows {
                for (column, answer) in zip(header, row).dropFirst(3) {
                    let options = answer.isEmpty ? ["na"] : answer.split(separator: "|").map(String.init)
                    for option in options { tally[column, default: [:]][option, default: 0] += 1 }
                }
            }
            var lines = ["unit,period,item,option,count"]
            for (item, options) in tally.sorted(by: { $0.key < $1.key }) {
                for (option, n) in options.sorted(by: { $0.key < $1.key }) { lines.append("18073,2021-03,\(item),\(option),\(n)") }
            }
            let tallyFile = try ImportFixture.write(lines.joined(separator: "\n"), to: "tally.csv", in: folder)

            let service = ImportService(db)
            guard
                case .imported(let upload, _) = try await service.importQuestionnaires(
                    responses, options: Self.options(period: .month(2021, 3)))
            else {
                Issue.record("expected an import")
                return
            }
            #expect(upload.rowCount == 250 && upload.questionnaires == 250)
            guard case .imported = try await service.importTallies(tallyFile, options: Self.options()) else {
                Issue.record("expected an import")
                return
            }
            let fromQuestionnaires = try await ImportFixture.counts(db, unit: "18070", periodStart: "2021-03-01")
            let fromTally = try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01")
            #expect(fromQuestionnaires == fromTally)
            #expect(fromQuestionnaires == tally)
            #expect(try await db.scalar("SELECT count(*)::int FROM responses", as: Int.self) == 250)
            // And so are their reports, to the last digit.
            let report = try await ReportService(db).report(
                .init(
                    surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3),
                    unitCodes: ["18070", "18073"], today: CalendarDate("2021-12-31")!)
            ).report
            let (a, b) = (report.units[0], report.units[1])
            #expect(a.respondents == b.respondents && a.overall == b.overall && a.elements == b.elements && a.criteria == b.criteria)
            #expect(a.observations == b.observations)
            // Channels are kept for questionnaires.
            #expect(try await db.scalar("SELECT count(DISTINCT channel)::int FROM item_counts WHERE channel <> ''", as: Int.self) == 3)
        }
    }

    @Test func xlsxQuestionnairesWithNumbersAndText() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let (header, rows) = Self.questionnaires(survey, unit: "Phường Trần Phú", n: 40, seed: 7)
            let cells: [[XLSXCell]] =
                [header.map { .text($0) }]
                + rows.map { row in
                    row.enumerated().map { i, cell in
                        if cell.isEmpty { return .empty }
                        if i >= 3, let n = Double(cell) { return .number(n) }
                        return .text(cell)
                    }
                }
            let url = try ImportFixture.folder().appendingPathComponent("responses.xlsx")
            try XLSXWriter.write([XLSXSheet(name: "Phiếu", rows: cells, frozenRows: 1)], to: url)
            guard case .imported(let upload, _) = try await ImportService(db).importQuestionnaires(url, options: Self.options()) else {
                Issue.record("expected an import")
                return
            }
            #expect(upload.questionnaires == 40)
            let counts = try await ImportFixture.counts(db, unit: "18070", periodStart: "2021-03-01")
            let level4 = rows.filter { $0[3] == "4" }.count
            #expect(counts["1.1"]?["4"] ?? 0 == level4)
        }
    }

    func problems(_ db: Database, _ text: String, period: Period? = nil) async throws -> [FileProblem] {
        let url = try ImportFixture.write(text, to: "bad.csv", in: try ImportFixture.folder())
        do {
            _ = try await ImportService(db).importQuestionnaires(url, options: Self.options(period: period))
            Issue.record("expected the file to be refused")
        } catch let error as FileProblems {
            return error.problems
        }
        return []
    }

    @Test func badQuestionnairesAreReportedByRowAndColumnAndNothingIsWritten() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let criteria = survey.criteria.map(\.code)
            let header = (["unit", "date", "channel"] + criteria + ["obs.late", "exp.improve"]).joined(separator: ",")
            func row(_ unit: String, _ date: String, _ channel: String, first: String = "4", late: String = "no", improve: String = "")
                -> String
            {
                ([unit, date, channel, first] + Array(repeating: "5", count: criteria.count - 1) + [late, improve]).joined(separator: ",")
            }
            let text = [
                header,
                row("18073", "2021-03-02", "paper"),
                row("18073", "2021-04-02", "paper"),  // 3: outside the declared period
                row("18073", "2021-03-32", "paper"),  // 4: not a date
                row("18073", "2021-03-05", "fax"),  // 5: unknown channel
                row("18073", "2021-03-05", "kiosk", first: "7"),  // 6: answer out of range
                row("77777", "2021-03-05", "web"),  // 7: unknown unit
                row("18073", "2021-03-05", "web", late: "maybe"),  // 8: not an option
                row("18073", "2021-03-05", "web", improve: "nothing"),  // 9: not an option of a multiple choice
            ].joined(separator: "\n")
            let before = try await ImportFixture.footprint(db)
            let problems = try await problems(db, text, period: .month(2021, 3))
            #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
            #expect(problems.map(\.column) == ["date", "date", "channel", "1.1", "unit", "obs.late", "exp.improve"])
            #expect(problems[0].message.contains("outside the declared period 2021-03"))
            #expect(problems[3].message.contains("answer \"7\" is out of range; expected a level 1–5"))
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }

    @Test func unknownAndMissingColumns() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let problems = try await problems(db, "unit,date,channel,1.1,9.9\n18073,2021-03-01,paper,4,1\n")
            #expect(problems.contains { $0.line == 1 && $0.column == "9.9" && $0.message.contains("not an item") })
            #expect(problems.contains { $0.line == 1 && $0.column == "1.2" && $0.message.contains("column of criterion 1.2 is missing") })
        }
    }

    /// An import killed with SIGKILL in the middle of its COPY leaves nothing behind.
    @Test func importKilledDuringCopyLeavesNothing() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let (header, rows) = Self.questionnaires(survey, unit: "18073", n: 2_000, seed: 1)
            let folder = try ImportFixture.folder()
            // 100,000 questionnaires: the same 2,000 rows fifty times over.
            let url = folder.appendingPathComponent("big.csv")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: Data((header.joined(separator: ",") + "\n").utf8))
            let block = Data((rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").utf8)
            for _ in 0..<50 { try handle.write(contentsOf: block) }
            try handle.close()

            let before = try await ImportFixture.footprint(db)
            let env = CLIRunner.environment(for: db.configuration.database)
            let child = try ChildProcess.start(
                [CLIRunner.executable.path, "import", "responses", url.path, "--survey", "sipas-2017"],
                environment: env, separateErrors: true)
            // Wait until the COPY is running in the server, then kill the importer outright.
            var copying = false
            for _ in 0..<600 {
                let n =
                    try await db.scalar(
                        "SELECT count(*)::int FROM pg_stat_progress_copy WHERE relid = 'responses'::regclass AND tuples_processed > 1000",
                        as: Int.self) ?? 0
                if n > 0 {
                    copying = true
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            child.kill(SIGKILL)
            let result = try child.wait()
            #expect(copying, "the import never reached its COPY: \(result.stderr)")
            #expect(result.status == 128 + SIGKILL)
            // The server rolls the transaction back when the connection drops.
            for _ in 0..<100 {
                let open =
                    try await db.scalar(
                        "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'COPY%'",
                        as: Int.self) ?? 0
                if open == 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await ImportFixture.footprint(db) == before)
            // And the same file imports cleanly afterwards.
            guard case .imported(let upload, _) = try await ImportService(db).importQuestionnaires(url, options: Self.options()) else {
                Issue.record("expected an import")
                return
            }
            #expect(upload.rowCount == 100_000)
            #expect(
                try await db.scalar("SELECT sum(count)::int FROM item_counts WHERE item_code = 'questionnaires'", as: Int.self) == 100_000)
        }
    }
}
