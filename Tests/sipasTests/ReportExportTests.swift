import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// The XLSX and CSV a report becomes, read back by an independent program (openpyxl) and
/// compared with the JSON report; formula injection neutralised in both.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ReportExportTests {
    static let hostile = "=HYPERLINK(\"http://example.invalid\",\"Bấm vào đây\")"

    func report(_ db: Database) async throws -> (Report, Survey) {
        let survey = try await ImportFixture.prepare(db)
        let rows = try UnitListReader.readUnits(
            text:
                "code,parent_code,level,type,name\n42-XSS,42,department,department,\"\(Self.hostile.replacingOccurrences(of: "\"", with: "\"\""))\"\n",
            file: "x.csv")
        _ = try await UnitStore(db).importUnits(rows, file: "x.csv", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
        let units = try await UnitStore(db).list(on: CalendarDate("2021-03-31")!).filter {
            ["436", "18070", "42-SNV", "42-XSS"].contains($0.unit.code)
        }
        let text = DemoData(survey: survey, units: units.map(\.unit), year: 2021).tally(month: 3)
        let url = try ImportFixture.write(text, to: "t.csv", in: try ImportFixture.folder())
        _ = try await ImportService(db).importTallies(
            url, options: .init(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!))
        let report = try await ReportService(db).report(
            .init(surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), today: CalendarDate("2021-12-31")!)
        ).report
        return (report, survey)
    }

    @Test func xlsxMatchesTheJSONReportWhenReadByOpenpyxl() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let (report, survey) = try await report(db)
            let folder = try ImportFixture.folder()
            let xlsx = folder.appendingPathComponent("report.xlsx")
            let json = folder.appendingPathComponent("report.json")
            try TableExport.xlsx(ReportTables.tables(report, survey: survey), to: xlsx)
            try JSONEncoder().encode(report).write(to: json)
            let check = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    """
                    import json, sys, openpyxl
                    from decimal import Decimal, ROUND_FLOOR, ROUND_CEILING
                    wb = openpyxl.load_workbook(sys.argv[1]); report = json.load(open(sys.argv[2]))
                    assert wb.sheetnames == ["Summary", "Units", "Elements", "Criteria", "Counts", "Method", "Completeness", "Missing", "Channels"], wb.sheetnames
                    completeness = {r[0]: r for r in wb["Completeness"].iter_rows(min_row=2, values_only=True)}
                    assert len(completeness) == len(report["completeness"]["areas"]) + 1, len(completeness)
                    for a in report["completeness"]["areas"]:
                        r = completeness[a["code"]]
                        assert r[1:7] == (a["name"], a["expected"], a["on_time"] + a["late"], a["on_time"], a["late"], a["missing"]), (r, a)
                        assert abs(r[7] - a["completeness"]) < 1e-9 and abs(r[8] - a["timeliness"]) < 1e-9, (r, a)
                    missing = [r[0] for r in wb["Missing"].iter_rows(min_row=2, values_only=True)]
                    assert missing == [u["code"] for u in report["completeness"]["units"] if u["status"] == "missing"], missing
                    assert len(missing) > 200, len(missing)
                    units = wb["Units"]
                    assert units.freeze_panes == "A2", units.freeze_panes
                    rows = {r[0]: r for r in units.iter_rows(min_row=2, values_only=True)}
                    assert len(rows) == len(report["units"]), (len(rows), len(report["units"]))
                    for u in report["units"]:
                        code = u["code"] if not u["code"].startswith("=") else "'" + u["code"]
                        r = rows[code]
                        assert r[1] == (u["name"] if not u["name"].startswith("=") else "'" + u["name"]), (r[1], u["name"])
                        assert r[3] == u["respondents"], (r[3], u["respondents"])
                        got, want = r[4], u["overall"]["index"]
                        assert (got is None and want is None) or abs(got - want) < 1e-9, (got, want)
                        # Bounds are rounded outward to the two decimals shown (SIPAS.md §5.1), on
                        # the shortest decimal text of the JSON number.
                        for got, want, way in ((r[5], u["overall"]["ci_low"], ROUND_FLOOR), (r[6], u["overall"]["ci_high"], ROUND_CEILING)):
                            expected = None if want is None else float(Decimal(repr(want)).quantize(Decimal("0.01"), rounding=way))
                            assert got == expected, (got, want, expected)
                        assert r[9] == u["rank"] and r[10] == u["group"], (r[9], u["rank"])
                    assert units["E2"].number_format == "0.00"
                    elements = {r[0]: r for r in wb["Elements"].iter_rows(min_row=2, values_only=True)}
                    for u in report["units"]:
                        code = u["code"]
                        for i, e in enumerate(u["elements"]):
                            got, want = elements[code][2 + i], e["index"]
                            assert (got is None and want is None) or abs(got - want) < 1e-9, (code, got, want)
                    name = [c.value for c in units["B"] if c.value and "HYPERLINK" in str(c.value)][0]
                    assert name.startswith("'="), name
                    assert units.cell(row=2, column=2).data_type == "s"
                    print("ok", len(rows))
                    """, xlsx.path, json.path,
                ], separateErrors: true)
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.hasPrefix("ok 4"))
        }
    }

    @Test func csvHasABOMAndNeutralisesFormulas() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let (report, survey) = try await report(db)
            let units = try #require(ReportTables.tables(report, survey: survey).first { $0.name == "units" })
            let data = TableExport.csv(units)
            #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
            let text = String(decoding: data.dropFirst(3), as: UTF8.self)
            #expect(text.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"Bấm vào đây\"\")\""))
            #expect(!text.contains(",=HYPERLINK"))
            // Text that starts like a formula is neutralised; numbers are number cells and never pass through here.
            #expect(TableExport.neutralised("-3") == "'-3")
            #expect(TableExport.neutralised("@SUM(A1)") == "'@SUM(A1)" && TableExport.neutralised("+1") == "'+1")
            #expect(TableExport.neutralised("Phường Nam Hà") == "Phường Nam Hà")
        }
    }

    /// `sipas report --format json` writes what JSONEncoder wrote (pretty, sorted keys, slashes
    /// as they are, a final newline); with SIPAS_TIMING=1 it also prints one timing line.
    @Test func cliReportJSONIsJSONEncodersBytesAndTimingIsPrintedOnRequest() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let (report, _) = try await report(db)
            let folder = try ImportFixture.folder()
            let file = folder.appendingPathComponent("report.json")
            let arguments = ["report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "json", "-o", file.path]
            let timed = try CLIRunner(environment: CLIRunner.environment(for: db.configuration.database, extra: ["SIPAS_TIMING": "1"])).run(
                arguments)
            #expect(timed.status == 0, "\(timed.stderr)")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            #expect(try Data(contentsOf: file) == encoder.encode(report) + Data("\n".utf8))
            let lines = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("timing:") }
            #expect(lines.count == 1, "\(timed.stderr)")
            let pattern = #"^timing: read \d+\.\d ms, build \d+\.\d ms, encode \d+\.\d ms, write \d+\.\d ms, total \d+\.\d ms$"#
            #expect(lines.first.map { $0.range(of: pattern, options: .regularExpression) != nil } == true, "\(lines)")
            // The phases add up to the total (each rounded to 0.1 ms).
            let numbers =
                lines.first.map { line in
                    line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }
                } ?? []
            if numbers.count == 5 { #expect(abs(numbers[0...3].reduce(0, +) - numbers[4]) < 0.5, "\(numbers)") }

            // Without the variable: no timing line; to standard output: the same bytes.
            let quiet = try CLIRunner(environment: CLIRunner.environment(for: db.configuration.database, extra: ["SIPAS_TIMING": "0"]))
                .run(Array(arguments.dropLast(2)))
            #expect(quiet.status == 0 && !quiet.stderr.contains("timing:"), "\(quiet.stderr)")
            #expect(quiet.stdout == String(decoding: try Data(contentsOf: file), as: UTF8.self))
        }
    }

    @Test func exportsStreamWithACodebookAndNeutraliseFormulas() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await report(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let folder = try ImportFixture.folder()
            for what in ["tallies", "counts"] {
                let csv = folder.appendingPathComponent("\(what).csv")
                let result = try cli.run(["export", what, "--survey", "sipas-2017", "--period", "2021-03", "-o", csv.path])
                #expect(result.status == 0, "\(result.stderr)")
                let text = String(decoding: try Data(contentsOf: csv).dropFirst(3), as: UTF8.self)
                #expect(text.contains("'=HYPERLINK"))
                #expect(!text.contains(",=HYPERLINK"))
                let codebook = try String(contentsOf: folder.appendingPathComponent("\(what)-codebook.csv"), encoding: .utf8)
                #expect(codebook.contains("1.1,satisfaction,criterion,1,Nơi ngồi chờ"))
            }
            let xlsx = folder.appendingPathComponent("tallies.xlsx")
            #expect(
                try cli.run(["export", "tallies", "--survey", "sipas-2017", "--period", "2021-03", "--format", "xlsx", "-o", xlsx.path])
                    .status == 0)
            let check = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    """
                    import sys, openpyxl
                    wb = openpyxl.load_workbook(sys.argv[1])
                    assert wb.sheetnames == ["Data", "Codebook"], wb.sheetnames
                    names = [r[2] for r in wb["Data"].iter_rows(min_row=2, values_only=True)]
                    assert any(n.startswith("'=HYPERLINK") for n in names), names[:3]
                    assert not any(str(n).startswith("=") for n in names)
                    print("ok")
                    """, xlsx.path,
                ], separateErrors: true)
            #expect(check.status == 0, "\(check.stderr)")
        }
    }
}
