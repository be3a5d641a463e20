import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import Testing

/// Issue 17, point 1: the whole country before and after 1 July 2025. The national lists
/// imported as a deployment would (`--national` for the July list, then the successions of
/// communes and provinces): 63 provinces on 30 June, 34 on 1 July, and June's data reported on
/// the July boundaries at province level (`--scope area`: each province with the communes
/// under it) land in the province the provinces' successions name.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct NationalUnitsCLITests {
    static let units = TestDatabase.root.appendingPathComponent("Surveys/units")

    @Test func provincesBeforeAndAfterTheReorganisation() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            func run(_ arguments: [String]) throws -> String {
                let result = try cli.run(arguments)
                try #require(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
                return result.stdout
            }
            _ = try run(["survey", "add", TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml").path])
            _ = try run(["units", "import", Self.units.appendingPathComponent("vietnam-2025-01.csv").path, "--valid-from", "2025-01-01"])
            _ = try run([
                "units", "import", Self.units.appendingPathComponent("vietnam-2025-07.csv").path, "--valid-from", "2025-07-01",
                "--national",
            ])
            for file in ["vietnam-2025-07-provinces-successions.csv", "vietnam-2025-07-successions.csv"] {
                _ = try run(["units", "changes", "import", Self.units.appendingPathComponent(file).path, "--effective", "2025-07-01"])
            }
            #expect(
                try run(["units", "list", "--level", "province", "--on", "2025-07-01"]).contains("34 đơn vị có hiệu lực ngày 2025-07-01"))
            #expect(
                try run(["units", "list", "--level", "province", "--on", "2025-06-30"]).contains("63 đơn vị có hiệu lực ngày 2025-06-30"))
            // No district outlives 30 June, nor any commune the July list lacks.
            #expect(try run(["units", "list", "--level", "district", "--on", "2025-07-01"]).contains("0 đơn vị"))
            #expect(try run(["units", "list", "--level", "commune", "--on", "2025-07-01"]).contains("3321 đơn vị"))

            // June 2025: in each old province, its first commune with a successor answers
            // k questionnaires, k = 1 … 63 in the order of the provinces' codes.
            let old = try UnitListReader.readUnits(contentsOf: Self.units.appendingPathComponent("vietnam-2025-01.csv"))
            let communeSuccessions = try UnitListReader.readChanges(
                contentsOf: Self.units.appendingPathComponent("vietnam-2025-07-successions.csv"))
            let succeeded = Set(communeSuccessions.map(\.change.oldCode))
            let districts = Dictionary(old.filter { $0.unit.level == .district }.map { ($0.unit.code, $0.unit.parentCode ?? "") }) { a, _ in
                a
            }
            let provinces = old.filter { $0.unit.level == .province }.map(\.unit.code).sorted()
            #expect(provinces.count == 63)
            let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))
            let items = survey.allItems.filter { !($0.kind == .profile && $0.options.isEmpty) }
            let answers = items.map { $0.kind == .satisfaction ? "5" : "" }.joined(separator: ",")
            var file = (["unit", "date", "channel"] + items.map(\.code)).joined(separator: ",") + "\n"
            var answered: [String: Int] = [:]
            for (i, province) in provinces.enumerated() {
                let commune = try #require(
                    old.first {
                        $0.unit.level == .commune && succeeded.contains($0.unit.code)
                            && (districts[$0.unit.parentCode ?? ""] ?? $0.unit.parentCode) == province
                    }, "a commune of \(province)")
                for _ in 0...i { file += "\(commune.unit.code),2025-06-15,paper,\(answers)\n" }
                answered[province] = i + 1
            }
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let responses = try ImportFixture.write(file, to: "thang-6.csv", in: folder)
            _ = try run(["import", "responses", responses.path, "--survey", "sipas-2017"])

            // The expected count of each new province, from the provinces' successions file alone.
            let provinceSuccessions = try UnitListReader.readChanges(
                contentsOf: Self.units.appendingPathComponent("vietnam-2025-07-provinces-successions.csv"))
            #expect(Set(provinceSuccessions.map(\.change.oldCode)) == Set(provinces), "every old province has a successor")
            var expected: [String: Int] = [:]
            for row in provinceSuccessions { expected[row.change.newCode, default: 0] += answered[row.change.oldCode] ?? 0 }
            #expect(expected.count == 34)

            let json = folder.appendingPathComponent("report.json")
            _ = try run([
                "report", "--survey", "sipas-2017", "--period", "2025-06", "--boundaries", "2025-07-01", "--level", "province", "--scope",
                "area", "--format",
                "json", "-o", json.path,
            ])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
            let rows = try #require(report["units"] as? [[String: Any]])
            var reported: [String: Int] = [:]
            for row in rows { reported[row["code"] as? String ?? "?"] = row["respondents"] as? Int }
            // `sipas compare --level province` ranks the 34 provinces as districts are ranked.
            let compared = folder.appendingPathComponent("compare.json")
            _ = try run([
                "compare", "--survey", "sipas-2017", "--period", "2025-06", "--boundaries", "2025-07-01", "--level", "province", "--scope",
                "area", "--format", "json", "-o", compared.path,
            ])
            let comparison = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: compared)) as? [String: Any])
            #expect((comparison["units"] as? [[String: Any]])?.count == 34)
            #expect(reported == expected, "\(reported.filter { expected[$0.key] != $0.value })")
        }
    }
}
