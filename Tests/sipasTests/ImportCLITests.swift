import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

/// A clerk's month at the command line: template, import, a mistake, a fix, a correction.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ImportCLITests {
    @Test func aClerksMonth() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let folder = try ImportFixture.folder()

            // 1. The blank template, in CSV so that the test can fill it in.
            let template = try cli.run([
                "template", "tallies", "--survey", "sipas-2017", "--unit", "18073", "--period", "2021-03",
                "--format", "csv", "-o", folder.appendingPathComponent("blank.csv").path,
            ])
            #expect(template.status == 0, "\(template.stderr)")
            let bytes = try Data(contentsOf: folder.appendingPathComponent("blank.csv"))
            #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))  // the BOM that makes Excel read UTF-8
            let blank = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(blank.hasPrefix("PHIẾU TỔNG HỢP"))
            #expect(blank.contains("unit,18073,Phường Nam Hà"))

            // 2. Filled in with a mistake: a fractional count for 1.1, level 4 (column F).
            var lines = blank.components(separatedBy: "\r\n")
            for i in lines.indices {
                if lines[i].hasPrefix("questionnaires,") {
                    lines[i] = lines[i].replacingOccurrences(of: "questionnaires,,", with: "questionnaires,35,")
                }
                if lines[i].hasPrefix("1.1,") { lines[i] = lines[i].replacingOccurrences(of: ",,,,,,", with: ",1,2,2,\"20,5\",10,") }
            }
            let mistakenLine = lines.firstIndex { $0.hasPrefix("1.1,") }! + 1
            let filled = folder.appendingPathComponent("tally.csv")
            try lines.joined(separator: "\r\n").write(to: filled, atomically: true, encoding: .utf8)
            let bad = try cli.run(["import", "tallies", filled.path, "--survey", "sipas-2017"])
            #expect(bad.status == 1)
            #expect(
                bad.stderr.contains("\(filled.path), line \(mistakenLine), column 4: count 20,5 is not a whole number"), "\(bad.stderr)")
            #expect(try await db.scalar("SELECT count(*)::int FROM uploads", as: Int.self) == 0)

            // 3. Fixed, checked, imported; the same file again changes nothing.
            try lines.joined(separator: "\r\n").replacingOccurrences(of: "\"20,5\"", with: "20").write(
                to: filled, atomically: true, encoding: .utf8)
            let check = try cli.run(["import", "tallies", filled.path, "--survey", "sipas-2017", "--check"])
            #expect(check.status == 0 && check.stdout.contains("valid") && check.stdout.contains("35 questionnaire(s)"))
            #expect(try await db.scalar("SELECT count(*)::int FROM uploads", as: Int.self) == 0)
            let imported = try cli.run(["import", "tallies", filled.path, "--survey", "sipas-2017"])
            #expect(imported.status == 0, "\(imported.stderr)")
            let first = try #require(try await db.scalar("SELECT max(upload_id)::int FROM uploads", as: Int.self))
            #expect(imported.stdout.contains("imported as upload \(first)"))
            let again = try cli.run(["import", "tallies", filled.path, "--survey", "sipas-2017"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("was already imported as upload \(first)"))

            // 4. A correction is refused without --replace, then supersedes upload 1.
            let corrected = folder.appendingPathComponent("tally-fixed.csv")
            try lines.joined(separator: "\r\n").replacingOccurrences(of: "\"20,5\"", with: "19").write(
                to: corrected, atomically: true, encoding: .utf8)
            let refused = try cli.run(["import", "tallies", corrected.path, "--survey", "sipas-2017"])
            #expect(refused.status == 1 && refused.stderr.contains("already imported as upload \(first) (tally.csv"))
            #expect(refused.stderr.contains("To correct them, import again with --replace"))
            let replaced = try cli.run(["import", "tallies", corrected.path, "--survey", "sipas-2017", "--replace"])
            #expect(replaced.status == 0 && replaced.stdout.contains("Superseded: upload \(first) (tally.csv)"))
            // (A refused import leaves a gap in the numbers: identity values are not transactional.)
            let second = try #require(try await db.scalar("SELECT max(upload_id)::int FROM uploads", as: Int.self))
            let list = try cli.run(["uploads", "list"])
            #expect(list.stdout.contains("superseded by \(second)"))
            let show = try cli.run(["uploads", "show", "\(second)"])
            #expect(show.stdout.contains("supersedes \(first)") && show.stdout.contains("18073 Phường Nam Hà  2021-03  35"))
            let revert = try cli.run(["uploads", "revert", "\(first)"])
            #expect(
                revert.status == 0 && revert.stdout.contains("Upload \(first) (tally.csv) is active again. Superseded: upload \(second)"))
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01")["1.1"]?["4"] == 20)

            // Every write of the month is in the audit trail, under the clerk's name.
            let audit = try cli.run(["audit", "--user", "cli-test"])
            #expect(audit.status == 0)
            for action in ["upload.import", "upload.supersede", "upload.revert"] { #expect(audit.stdout.contains(action)) }
            #expect(try cli.run(["audit", "--since", "2021-02-30"]).status != 0)
        }
    }

    @Test func theProgressBarStaysOffWhenOutputIsNotATerminal() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let criteria = (1...5).flatMap { e in (1...[4, 5, 6, 3, 4][e - 1]).map { "\(e).\($0)" } }
            let header = (["unit", "date", "channel"] + criteria).joined(separator: ",")
            let row = (["18073", "2021-03-03", "paper"] + criteria.map { _ in "4" }).joined(separator: ",")
            let url = try ImportFixture.write(
                ([header] + Array(repeating: row, count: 60_000)).joined(separator: "\n"), to: "r.csv", in: try ImportFixture.folder())
            let result = try cli.run(["import", "responses", url.path, "--survey", "sipas-2017"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("60000 questionnaire(s)"))
            #expect(!result.stderr.contains("dòng/giây"))
        }
    }
}
