import Foundation
import SIPASStore
import SIPASTestSupport
import Testing

@testable import SIPASUseCases

/// Issue 17, point 4: the nightly backup of `sipas serve --backup-dir D --backup-keep N`:
/// named by Vietnam's time, run at the hour asked, keeping the newest N of its own files and
/// leaving every other file alone; a failure is logged, never thrown.
struct BackupKeepingTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-keep-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func namesAndTimesAreVietnams() {
        // 2026-12-02 19:30:05 UTC is 02:30:05 on the 3rd in Hà Nội (UTC+7).
        #expect(BackupService.fileName(at: Self.date("2026-12-02T19:30:05Z")) == "sipas-2026-12-03-023005.dump")
        #expect(BackupService.isBackupName("sipas-2026-12-03-023005.dump"))
        for other in ["sipas-2026-12-03.dump", "sipas-2026-12-03-023005.dump.bak", ".sipas-2026-12-03-023005.dump.partial-12", "x.dump"] {
            #expect(!BackupService.isBackupName(other), "\(other)")
        }
        // 02:00 in Vietnam is 19:00 UTC the day before.
        #expect(BackupService.nextRun(after: Self.date("2026-12-02T18:59:00Z"), hour: 2) == Self.date("2026-12-02T19:00:00Z"))
        #expect(BackupService.nextRun(after: Self.date("2026-12-02T19:00:00Z"), hour: 2) == Self.date("2026-12-03T19:00:00Z"))
        #expect(BackupService.nextRun(after: Self.date("2026-12-02T19:00:01Z"), hour: 23) == Self.date("2026-12-03T16:00:00Z"))
    }

    @Test func pruningKeepsTheNewestOfItsOwnFilesOnly() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let own = [
            "sipas-2026-11-30-020000.dump", "sipas-2026-12-01-020000.dump", "sipas-2026-12-02-020001.dump",
            "sipas-2026-12-02-120000.dump", "sipas-2026-12-03-020000.dump",
        ]
        let others = ["notes.txt", "sipas-latest.dump", "sipas-2025-01-01-000000.dump.old", ".sipas-2026-12-04-020000.dump.partial-9"]
        for name in (own + others).shuffled() {
            try Data(name.utf8).write(to: folder.appendingPathComponent(name))
        }
        let removed = try BackupService.prune(folder: folder, keep: 2)
        #expect(removed.map(\.lastPathComponent).sorted() == Array(own.prefix(3)))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == (Array(own.suffix(2)) + others).sorted())
        // Keeping more than there are removes nothing.
        #expect(try BackupService.prune(folder: folder, keep: 5).isEmpty)
    }

    @Test(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
    func theNightlyBackupWritesKeepsAndSurvivesAFailure() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let folder = try Self.folder().appendingPathComponent("nightly")
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            let nightly = NightlyBackup(
                settings: .init(folder: folder, keep: 2, hour: 2, database: db.configuration), logger: TestDatabase.logger)
            var written: [String] = []
            for night in ["2026-11-30T19:00:00Z", "2026-12-01T19:00:00Z", "2026-12-02T19:00:00Z"] {
                let file = await nightly.backupNow(at: Self.date(night))
                written.append(try #require(file).lastPathComponent)
            }
            #expect(written == ["sipas-2026-12-01-020000.dump", "sipas-2026-12-02-020000.dump", "sipas-2026-12-03-020000.dump"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == Array(written.suffix(2)))
            let events = try await AuditTrail(db).events(actor: "sipas-scheduler").map { "\($0.action) \($0.objectID)" }
            #expect(events == written.map { "db.backup \($0)" })

            // A database that does not answer: logged, nil, and the backups kept are not pruned.
            let broken = NightlyBackup(
                settings: .init(
                    folder: folder, keep: 1, hour: 2,
                    database: DatabaseConfiguration(endpoint: .tcp(host: "127.0.0.1", port: 1), username: "x", password: nil, database: "x")
                ),
                logger: TestDatabase.logger)
            #expect(await broken.backupNow(at: Self.date("2026-12-03T19:00:00Z")) == nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == Array(written.suffix(2)))
        }
    }
}
