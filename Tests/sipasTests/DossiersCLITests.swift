import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

/// `sipas dossiers import`, `sipas plan sample --period`, `sipas plan draw --seed` and
/// `sipas collect link --require-dossier` as a clerk types them.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct DossiersCLITests {
    @Test func importSampleAndDraw() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            // 50 dossiers of Phường Nam Hà returned in November 2026.
            let rows = (1...50).map { "HS-\(String(format: "%03d", $0)),18073,2026-11-01,2026-11-\(String(format: "%02d", $0 % 28 + 1))" }
            let file = try ImportFixture.write(
                "dossier,unit,received,returned\n" + rows.joined(separator: "\n") + "\n", to: "hs.csv", in: folder)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let imported = try cli.run(["dossiers", "import", file.path])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("50 dossier(s) added"), "\(imported.stdout)")
            #expect(try cli.run(["dossiers", "import", file.path]).stdout.contains("imported before"))

            // N = 50, e = 0.05: n = 50 / 1.125 = 44.4 → 45.
            let sample = try cli.run(["plan", "sample", "--period", "2026-11"])
            #expect(sample.status == 0, "\(sample.stderr)")
            let line = try #require(sample.stdout.split(separator: "\n").first { $0.contains("18073") }, "\(sample.stdout)")
            let tokens = line.split(separator: " ")
            #expect(line.contains("Phường Nam Hà") && tokens.suffix(2) == ["50", "45"], "\(line)")
            #expect(try cli.run(["plan", "sample", "--procedures", "50"]).stdout.contains("Cần 45 phiếu"))

            let first = folder.appendingPathComponent("draw-1.csv").path
            let second = folder.appendingPathComponent("draw-2.csv").path
            #expect(try cli.run(["plan", "draw", "--period", "2026-11", "--seed", "7", "--count", "10", "-o", first]).status == 0)
            #expect(try cli.run(["plan", "draw", "--period", "2026-11", "--seed", "7", "--count", "10", "-o", second]).status == 0)
            let drawn = try String(contentsOfFile: first, encoding: .utf8)
            #expect(drawn == (try String(contentsOfFile: second, encoding: .utf8)), "the same seed draws the same dossiers")
            let lines = drawn.split(separator: "\r\n")
            #expect(lines.first == "order,unit_code,unit_name,dossier,received,returned")
            let numbers = lines.dropFirst().map { $0.split(separator: ",")[3] }
            #expect(numbers.count == 10 && Set(numbers).count == 10 && numbers.allSatisfy { $0.hasPrefix("HS-") })
            let other = try cli.run(["plan", "draw", "--period", "2026-11", "--seed", "8", "--count", "10"])
            #expect(other.stdout != drawn, "another seed draws others")

            let bad = try cli.run(["plan", "draw", "--period", "2026-13", "--seed", "7"])
            #expect(bad.status != 0 && bad.stderr.contains("--period 2026-13"))
            let link = try cli.run([
                "collect", "link", "--survey", "sipas-2017", "--unit", "18073", "--require-dossier", "--dossier-days", "14",
            ])
            #expect(link.status == 0, "\(link.stderr)")
            #expect(
                try await db.scalar("SELECT count(*)::int FROM collection_links WHERE require_dossier AND dossier_days = 14", as: Int.self)
                    == 1)
            #expect(try cli.run(["collect", "list"]).stdout.contains("≤ 14 days"))
        }
    }
}
