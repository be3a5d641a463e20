import Foundation
import Logging
import SIPASFiles
import SIPASStore

/// Backups of the whole database (`pg_dump --format=custom`: every table, the scan images
/// stored in `scan_pages` included) and restores into an empty database, each recorded in the
/// audit trail with the file's name, size and SHA-256: who took or restored which backup.
public struct BackupService: Sendable {
    /// The connection the programs use: the database's owner (the embedded cluster's
    /// superuser), so that every table and grant is read and restored.
    public let configuration: DatabaseConfiguration
    public let logger: Logger

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public struct Outcome: Sendable {
        public var summary: DatabaseBackup.Summary
        public var sha256: String
    }

    /// Writes a backup to `file` (complete, or not at all) and records it in the audit trail
    /// of the database backed up (after the dump: the event itself is not in the archive).
    public func backup(to file: URL, actor: String) async throws -> Outcome {
        let summary = try await DatabaseBackup(configuration: configuration, logger: logger).dump(to: file)
        let digest = try FileDigest.sha256(of: file)
        try await audit(action: "db.backup", file: file, summary: summary, sha256: digest, actor: actor)
        return Outcome(summary: summary, sha256: digest)
    }

    /// Restores `file` into the configured database, which must be empty; checks first that the
    /// file is a pg_dump custom-format archive. Records the restore in the restored trail.
    public func restore(from file: URL, actor: String) async throws -> Outcome {
        guard try DatabaseBackup.isArchive(file) else { throw BackupError.notAnArchive(path: file.path) }
        let digest = try FileDigest.sha256(of: file)
        let summary = try await DatabaseBackup(configuration: configuration, logger: logger).restore(from: file)
        try await audit(action: "db.restore", file: file, summary: summary, sha256: digest, actor: actor)
        return Outcome(summary: summary, sha256: digest)
    }

    private func audit(action: String, file: URL, summary: DatabaseBackup.Summary, sha256: String, actor: String) async throws {
        var details = ["path": file.path, "bytes": String(summary.bytes), "sha256": sha256]
        for (table, count) in summary.rows { details["rows." + table] = String(count) }
        try await Database.withConnection(configuration, logger: logger) { connection in
            try await AuditLog.record(
                connection, actor: actor, action: action, objectType: "backup", objectID: file.lastPathComponent, details: details,
                logger: logger)
        }
    }

    // MARK: Names and keeping

    /// Vietnam's time (UTC+7 all year), in which backups are named and scheduled.
    public static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// `sipas-YYYY-MM-DD-HHMMSS.dump`, Vietnam's time of `date`.
    public static func fileName(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "sipas-%04d-%02d-%02d-%02d%02d%02d.dump", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    /// Whether `name` is one of the names `fileName(at:)` gives (the only files pruning removes).
    public static func isBackupName(_ name: String) -> Bool {
        name.range(of: #"^sipas-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}\.dump$"#, options: .regularExpression) != nil
    }

    /// Removes all but the newest `keep` backups of `folder` (by their names, which sort by
    /// time); other files are left alone. Returns the files removed.
    @discardableResult
    public static func prune(folder: URL, keep: Int) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter(isBackupName).sorted()
        let old = names.dropLast(max(0, keep))
        var removed: [URL] = []
        for name in old {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.removeItem(at: url)
            removed.append(url)
        }
        return removed
    }

    /// The first time after `date` when Vietnam's clock shows `hour`:00.
    public static func nextRun(after date: Date, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.nextDate(
            after: date, matching: DateComponents(hour: hour, minute: 0, second: 0), matchingPolicy: .nextTime)
            ?? date.addingTimeInterval(86400)
    }
}
