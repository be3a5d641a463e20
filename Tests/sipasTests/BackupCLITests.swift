import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Synchronization
import Testing

/// Issue 17, point 4: `sipas db backup` and `sipas db restore`. The demo backed up, its
/// database wiped and restored gives the same JSON reports byte for byte; a backup taken while
/// submissions arrive restores to a state where every submission is in the counts; a restore
/// into a database with data, or of a file that is no backup, is refused and changes nothing.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct BackupCLITests {
    /// Shared by the test and the tasks that submit and fold while the backup runs.
    final class Progress: Sendable {
        let stop = Atomic<Bool>(false)
        let stored = Atomic<Int>(0)
    }

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-backup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The rows a backup or restore printed ("  surveys  5"), by table.
    static func printedRows(_ output: String) -> [String: Int] {
        var rows: [String: Int] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("  ") {
            let words = line.split(separator: " ")
            if words.count == 2, let n = Int(words[1]) { rows[String(words[0])] = n }
        }
        return rows
    }

    @Test func theDemoBackedUpWipedAndRestoredGivesTheSameReportsByteForByte() async throws {
        try await TestDatabase.withEmpty { configuration in
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let cli = CLIRunner(environment: CLIRunner.environment(for: configuration.database))
            let migrate = try cli.run(["db", "migrate"])
            #expect(migrate.status == 0, "\(migrate.stderr)")
            let demo = try cli.run(["demo", "-o", folder.appendingPathComponent("demo").path])
            try #require(demo.status == 0, "\(demo.stderr)")

            let reports: [[String]] = [
                ["--survey", "sipas-2017", "--period", "2021-03"],
                ["--survey", "sipas-2017", "--period", "2021-Q2", "--level", "district", "--scope", "area"],
                ["--survey", "sipas-2017", "--period", "2021", "--units", "18073,18070", "--by-channel"],
                ["--survey", "sipas-2017", "--from", "2021-01", "--to", "2021-06", "--level", "department"],
            ]
            func reportBytes() throws -> [Data] {
                try reports.enumerated().map { n, args in
                    let file = folder.appendingPathComponent("report-\(n)-\(UUID().uuidString.prefix(6)).json")
                    let result = try cli.run(["report"] + args + ["--format", "json", "-o", file.path])
                    #expect(result.status == 0, "\(args): \(result.stderr)")
                    return try Data(contentsOf: file)
                }
            }
            let before = try reportBytes()
            #expect(before.allSatisfy { $0.count > 200 })

            let file = folder.appendingPathComponent("demo.dump")
            let backup = try cli.run(["db", "backup", "-o", file.path])
            try #require(backup.status == 0, "\(backup.stderr)")
            #expect(backup.stdout.contains("Backup written: \(file.path)"), "\(backup.stdout)")
            let backedUp = Self.printedRows(backup.stdout)
            // The counts printed are the database's.
            let (uploads, responses) = try await Database.with(configuration, logger: TestDatabase.logger) { db in
                (
                    try await db.scalar("SELECT count(*) FROM uploads", as: Int.self),
                    try await db.scalar("SELECT count(*) FROM responses", as: Int.self)
                )
            }
            #expect(backedUp["uploads"] == uploads && (uploads ?? 0) >= 169, "\(backedUp)")
            #expect(backedUp["responses"] == responses, "\(backedUp)")
            // Nothing is left beside the file: no temporary file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
            // Readable by its owner only: it holds password hashes and citizens' answers.
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let head = try FileHandle(forReadingFrom: file).read(upToCount: 5)
            #expect(head == Data("PGDMP".utf8))

            // The wipe: the database dropped and created again, empty.
            try await Database.dropDatabase(configuration, logger: TestDatabase.logger)
            try await Database.createDatabaseIfMissing(configuration, logger: TestDatabase.logger)
            let gone = try cli.run(["report"] + reports[0] + ["--format", "json"])
            #expect(gone.status != 0)

            let restore = try cli.run(["db", "restore", file.path])
            try #require(restore.status == 0, "\(restore.stderr)")
            #expect(restore.stdout.contains("Restored \(file.path)"), "\(restore.stdout)")
            #expect(Self.printedRows(restore.stdout).filter { $0.key != "audit_events" } == backedUp.filter { $0.key != "audit_events" })

            let after = try reportBytes()
            #expect(after.count == before.count)
            for (n, (a, b)) in zip(before, after).enumerated() {
                #expect(a == b, "report \(reports[n]) differs after the restore")
            }
            // The schema is current, and both the backup and the restore are in the trail:
            // the backup's event in the database backed up (after the dump), the restore's here.
            #expect(try cli.run(["db", "status"]).stdout.contains("schema is up to date"))
            let audit = try await Database.with(configuration, logger: TestDatabase.logger) { db in
                try await AuditTrail(db).events(actor: "cli-test", limit: 100_000).map { "\($0.action) \($0.objectID)" }
            }
            #expect(audit.last == "db.restore demo.dump", "\(audit.suffix(3))")
            #expect(!audit.contains("db.backup demo.dump"))
        }
    }

    @Test func aBackupTakenWhileSubmissionsArriveRestoresWithEverySubmissionCounted() async throws {
        let file = try Self.folder().appendingPathComponent("busy.dump")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let (submittedBefore, submittedAfter) = try await TestDatabase.withMigrated { (db: Database) async throws -> (Int, Int) in
            let survey = try await ImportFixture.prepare(db)
            let criteria = survey.allItems.filter { $0.kind == .satisfaction }.map(\.code)
            let intake = SubmissionIntake(db: db, cache: ReferenceCache(), today: { CalendarDate("2021-03-31")! })
            let kiosk = AuthUser(id: 1, username: "kiosk-test", role: .admin, unitCode: nil)
            let progress = Progress()
            // Kiosks submit, and the service folds, while the backup runs.
            let submitting = Task {
                var n = 0
                while !progress.stop.load(ordering: .acquiring) {
                    n += 1
                    let answers = criteria.map { "\"\($0)\": \"\(n % 3 == 0 ? 2 : 5)\"" }.joined(separator: ", ")
                    let body = """
                        {"client_id": "k-\(n)", "survey": "sipas-2017", "unit": "18073", "date": "2021-03-\(String(format: "%02d", 1 + n % 28))",
                         "channel": "kiosk", "answers": {\(answers)}}
                        """
                    let receipt = try await intake.submit(Data(body.utf8), user: kiosk)
                    guard case .stored = receipt.outcome else { throw DatabaseError.invalid("\(receipt.outcome)") }
                    progress.stored.add(1, ordering: .releasing)
                }
            }
            let folding = Task {
                while !progress.stop.load(ordering: .acquiring) {
                    try await SubmissionStore(db).fold(batch: 5)
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            while progress.stored.load(ordering: .acquiring) < 50 { try await Task.sleep(for: .milliseconds(10)) }
            let before = progress.stored.load(ordering: .acquiring)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let backup = try await Task.detached { try cli.run(["db", "backup", "-o", file.path]) }.value
            let after = progress.stored.load(ordering: .acquiring)
            progress.stop.store(true, ordering: .releasing)
            try await submitting.value
            try await folding.value
            #expect(backup.status == 0, "\(backup.stderr)")
            return (before, after)
        }
        #expect(submittedAfter > submittedBefore, "no submission arrived while the backup ran")

        try await TestDatabase.withEmpty { configuration in
            let cli = CLIRunner(environment: CLIRunner.environment(for: configuration.database))
            let restore = try cli.run(["db", "restore", file.path])
            try #require(restore.status == 0, "\(restore.stderr)")
            let (submissions, folded) = try await Database.with(configuration, logger: TestDatabase.logger) { db in
                (
                    try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL", as: Int.self) ?? -1,
                    try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL AND folded", as: Int.self) ?? -1
                )
            }
            print(
                "backup during submissions: \(submittedBefore) stored before it began, \(submissions) restored (\(folded) folded), \(submittedAfter) when it ended"
            )
            #expect(
                submissions >= submittedBefore && submissions <= submittedAfter, "\(submittedBefore) ≤ \(submissions) ≤ \(submittedAfter)")
            #expect(folded > 0 && folded < submissions, "the backup caught the folding half way: \(folded) of \(submissions) folded")
            #expect(Self.printedRows(restore.stdout)["responses"] == submissions)
            // Every restored submission is in the counts: the report's respondents, before and
            // after folding the rest.
            let args = ["report", "--survey", "sipas-2017", "--period", "2021-03", "--units", "18073", "--format", "json"]
            for pass in ["as restored", "all folded"] {
                if pass == "all folded" {
                    _ = try await Database.with(configuration, logger: TestDatabase.logger) { db in try await SubmissionStore(db).fold() }
                }
                let json = try cli.run(args)
                #expect(json.status == 0, "\(json.stderr)")
                let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
                #expect(report.units.first?.respondents == submissions, "\(pass)")
            }
        }
    }

    @Test func aRestoreIntoADatabaseWithDataOrOfAFileThatIsNoBackupIsRefusedAndChangesNothing() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let file = folder.appendingPathComponent("here.dump")
            #expect(try cli.run(["db", "backup", "-o", file.path]).status == 0)

            func state() async throws -> [Int] {
                [
                    try await db.scalar("SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public'", as: Int.self) ?? -1,
                    try await db.scalar("SELECT count(*)::int FROM units", as: Int.self) ?? -1,
                    try await db.scalar("SELECT count(*)::int FROM audit_events", as: Int.self) ?? -1,
                ]
            }
            let before = try await state()
            let refused = try cli.run(["db", "restore", file.path])
            #expect(refused.status != 0)
            #expect(
                refused.stderr.contains(
                    "the database \(db.configuration.database) already holds sipas data (\(before[0]) tables); restore into an empty database"
                ),
                "\(refused.stderr)")
            #expect(try await state() == before)

            let text = folder.appendingPathComponent("not-a-backup.sql")
            try Data("-- PostgreSQL database dump\nCREATE TABLE x (a int);\n".utf8).write(to: text)
            let notDump = try cli.run(["db", "restore", text.path])
            #expect(notDump.status != 0)
            #expect(notDump.stderr.contains("\(text.path) is not a backup made by `sipas db backup`"), "\(notDump.stderr)")
            let missing = try cli.run(["db", "restore", folder.appendingPathComponent("nowhere.dump").path])
            #expect(missing.status != 0 && missing.stderr.contains("nowhere.dump"), "\(missing.stderr)")
            #expect(try await state() == before)
        }
    }
}
