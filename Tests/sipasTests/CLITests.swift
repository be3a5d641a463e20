import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASStore

/// The command line as a user runs it: exit codes, messages, and that bad input writes nothing.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct CLITests {
    let root = TestDatabase.root

    func temporaryFile(_ name: String, _ content: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try content.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func validateAGoodAndABadSurvey() throws {
        let cli = CLIRunner(environment: CLIRunner.environment(for: nil))
        let good = try cli.run(["survey", "validate", root.appendingPathComponent("Surveys/sipas-2017.yaml").path])
        #expect(good.status == 0)
        #expect(good.stdout.contains("22 criteria"))

        let bad = try temporaryFile(
            "bad.yaml",
            "code: x\nversion: 1\ntitle: {vi: A, en: B}\nsource: s\nelements:\n  - code: \"1\"\n    title: {vi: A, en: A}\n    items:\n      - {code: \"1.1\", kind: stars, text: {vi: X, en: X}}\n"
        )
        let result = try cli.run(["survey", "validate", bad.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(bad.path), line 9: \"stars\" is not a valid item kind"))
    }

    @Test func surveyAddShowAndRefusals() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            // A malformed file is refused and writes nothing.
            let bad = try temporaryFile("bad.yaml", "code: [oops\n")
            let refused = try cli.run(["survey", "add", bad.path])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("bad.yaml, line"))
            #expect(try await db.scalar("SELECT count(*)::int FROM surveys", as: Int.self) == 0)

            let added = try cli.run(["survey", "add", root.appendingPathComponent("Surveys/sipas-2017.yaml").path])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("added sipas-2017 version 1"))
            let again = try cli.run(["survey", "add", root.appendingPathComponent("Surveys/sipas-2017.yaml").path])
            #expect(again.stdout.contains("already stored with the same content"))

            let shown = try cli.run(["survey", "show", "sipas-2017"])
            #expect(shown.status == 0)
            let lines = shown.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            // The 22 criteria, each on its own line under its element, in order 1.1 … 5.4.
            let codes = lines.compactMap { line -> String? in
                guard let code = line.split(separator: " ").first, code.contains("."), code.first?.isNumber == true else { return nil }
                return String(code)
            }
            #expect(
                codes == [
                    "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
                    "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4",
                ])
            #expect(lines.contains("1  Tiếp cận dịch vụ"))
            #expect(lines.contains("5  Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"))
            let index31 = try #require(lines.firstIndex { $0.hasPrefix("3.1 ") })
            let element3 = try #require(lines.firstIndex { $0.hasPrefix("3  ") })
            #expect(element3 < index31)
        }
    }

    @Test func unitImportErrorsNameFileRowAndColumnAndWriteNothing() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let file = try temporaryFile(
                "units.csv",
                "code,parent_code,level,type,name\n42,,province,province,Tỉnh Hà Tĩnh\n436,42,district,city,TP Hà Tĩnh\n18070,999,commune,ward,Phường Trần Phú\n"
            )
            let result = try cli.run(["units", "import", file.path, "--valid-from", "2021-01-01"])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "\(file.path), line 4, column parent_code: parent 999 of 18070 is neither in this file nor a unit valid on 2021-01-01"))
            #expect(result.stderr.contains("nothing was written"))
            #expect(try await db.scalar("SELECT count(*)::int FROM units", as: Int.self) == 0)

            let badDate = try cli.run(["units", "import", file.path, "--valid-from", "2021-02-30"])
            #expect(badDate.status != 0)
            #expect(badDate.stderr.contains("2021-02-30"))
            #expect(try await db.scalar("SELECT count(*)::int FROM units", as: Int.self) == 0)

            let good = try cli.run([
                "units", "import", root.appendingPathComponent("Surveys/units/ha-tinh-2021.csv").path, "--valid-from", "2020-01-01",
            ])
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains("230 unit(s) added"))
            let listed = try cli.run(["units", "list", "--on", "2021-03-01", "--level", "district"])
            #expect(listed.stdout.contains("13 đơn vị có hiệu lực ngày 2021-03-01."))
            let tree = try cli.run(["units", "tree", "--on", "2021-03-01"])
            #expect(tree.stdout.contains("\n  436  Thành phố Hà Tĩnh\n    18070  Phường Trần Phú"))
        }
    }

    @Test func aConfiguredDatabaseMustBeMigratedFirst() async throws {
        try await TestDatabase.withEmpty { configuration in
            let cli = CLIRunner(environment: CLIRunner.environment(for: configuration.database))
            let result = try cli.run(["survey", "list"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("run `sipas db migrate`"))
            let migrate = try cli.run(["db", "migrate"])
            #expect(migrate.status == 0)
            #expect(migrate.stdout.contains("applied 0001_create_tables.sql"))
            #expect(try cli.run(["db", "migrate"]).stdout.contains("nothing changed"))
            #expect(try cli.run(["survey", "list"]).status == 0)
        }
    }

    @Test func unreachableServerIsNamed() throws {
        let cli = CLIRunner(
            environment: CLIRunner.environment(for: nil, extra: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable"]))
        let result = try cli.run(["survey", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot reach PostgreSQL at host 127.0.0.1 port 1"))
    }
}

/// The main job on a machine with no database configured: the embedded cluster.
@Suite(.enabled(if: TestDatabase.isAvailable, "needs PostgreSQL's server programs: run Scripts/test"))
struct EmbeddedDemoTests {
    @Test func demoCreatesTheEmbeddedDatabaseAndLoadsEverything() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var env = CLIRunner.environment(for: nil, extra: ["SIPAS_HOME": home.path])
        for key in ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE"] { env[key] = nil }
        let cli = CLIRunner(environment: env)
        defer {
            _ = try? cli.run(["db", "stop"])
            try? FileManager.default.removeItem(at: home)
        }
        #expect(try cli.run(["db", "status"]).stdout.contains("not created yet"))
        let demo = try cli.run(["demo", "-o", home.appendingPathComponent("out").path])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("sipas-2017 v1 (added)"))
        // Every shipped survey file is added, the new wordings (issue 14) too; the demo's
        // tallies go to the latest version of sipas-2017 (the items and options of version 1).
        #expect(demo.stdout.contains("sipas-2017 v2 (added)") && demo.stdout.contains("sipas-2023 v2 (added)"))
        #expect(demo.stdout.contains("On 2021-06-30: 1 province, 23 department, 13 district, 216 commune"))
        #expect(demo.stdout.contains("On 2025-07-01: 1 province, 23 department, 0 district, 69 commune"))
        #expect(demo.stdout.contains("18448 Xã Bình Lộc"))
        #expect(try cli.run(["db", "status"]).stdout.contains("running"))
        #expect(demo.stdout.contains("169 file(s) imported"))
        // The March report and the district comparison, as HTML and XLSX, with their paths printed.
        for name in ["bao-cao-thang-03-2021", "so-sanh-huyen-thang-03-2021"] {
            for ext in ["html", "xlsx"] {
                let path = home.appendingPathComponent("out/\(name).\(ext)").path
                #expect(demo.stdout.contains(path))
                #expect(FileManager.default.fileExists(atPath: path))
            }
            let html = try String(contentsOfFile: home.appendingPathComponent("out/\(name).html").path, encoding: .utf8)
            #expect(html.contains("Tháng 3/2021") && html.contains("<svg") && html.contains("91,00"))
            // Self-contained: nothing fetched (the SVG namespace URI is a name, not a fetch).
            for fetch in ["src=\"http", "href=\"http", "<link", "<script", "@import", "url(http"] {
                #expect(!html.contains(fetch), "\(fetch)")
            }
        }

        // The March report on the demo data: a table for people, JSON valid against the schema.
        let text = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03", "--level", "district", "--scope", "area"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Tháng 3/2021"))
        #expect(text.stdout.contains("Thành phố Hà Tĩnh"))
        #expect(text.stdout.range(of: #"\d{2},\d{2} %"#, options: .regularExpression) != nil)  // 91,17 %: the Vietnamese way
        let jsonFile = home.appendingPathComponent("report.json")
        let json = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "json", "-o", jsonFile.path])
        #expect(json.status == 0, "\(json.stderr)")
        let check = try ChildProcess.run(
            [
                "/usr/bin/env", "python3", "-c",
                """
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1])); report = json.load(open(sys.argv[2]))
                jsonschema.validate(report, schema)
                print(len(report["units"]), sum(1 for u in report["units"] if u["verdict"] == "too_few_responses"))
                """, TestDatabase.root.appendingPathComponent("Schema/report.schema.json").path, jsonFile.path,
            ], separateErrors: true)
        #expect(check.status == 0, "the report does not match Schema/report.schema.json: \(check.stderr)")
        let counts = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2 && counts[0] > 200 && counts[1] >= 1)  // every unit with data; the demo's too-few unit
        // Running it again loads nothing twice.
        let again = try cli.run(["demo", "-o", home.appendingPathComponent("out").path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("sipas-2017 v1 (already stored)") && again.stdout.contains("sipas-2017 v2 (already stored)"))
        #expect(again.stdout.contains("0 unit(s) added"))
        #expect(again.stdout.contains("0 file(s) imported, 169 already imported"))
        #expect(try cli.run(["db", "stop"]).stdout.contains("Stopped"))
        #expect(try cli.run(["db", "status"]).stdout.contains("stopped"))
    }
}
