import Foundation
import Logging
import SIPASStore
import ServiceLifecycle

/// Runs beside the HTTP server (`sipas serve --backup-dir D --backup-keep N`): every night at
/// `hour` (Vietnam's time) writes a backup into `folder` and keeps the newest `keep` of the
/// files named like its own. A failure is logged and tried again the next night; it never
/// stops the service.
public struct NightlyBackup: Service {
    public struct Settings: Sendable {
        public var folder: URL
        public var keep: Int
        public var hour: Int
        /// The owner's connection (see `BackupService.configuration`).
        public var database: DatabaseConfiguration

        public init(folder: URL, keep: Int, hour: Int = 2, database: DatabaseConfiguration) {
            self.folder = folder
            self.keep = keep
            self.hour = hour
            self.database = database
        }
    }

    /// nil: no backups (the service waits for the shutdown, as a switched-off scheduler does).
    let settings: Settings?
    let logger: Logger

    public init(settings: Settings?, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        guard let settings else {
            // A service that returns early would stop the whole group.
            try? await gracefulShutdown()
            return
        }
        logger.notice(
            "nightly backups", metadata: ["folder": "\(settings.folder.path)", "keep": "\(settings.keep)", "hour": "\(settings.hour)"])
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let next = BackupService.nextRun(after: Date(), hour: settings.hour)
            logger.info("next nightly backup", metadata: ["at": "\(next)"])
            do {
                // In steps of at most an hour, so that a clock set or a suspended machine is noticed.
                while Date() < next {
                    let wait = min(3600, max(1, next.timeIntervalSinceNow))
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
                }
            } catch {
                return  // shutting down
            }
            await backupNow()
        }
    }

    /// One backup and the pruning after it; returns the file written, nil when it failed.
    @discardableResult
    public func backupNow(at date: Date = Date()) async -> URL? {
        guard let settings else { return nil }
        let file = settings.folder.appendingPathComponent(BackupService.fileName(at: date))
        do {
            try FileManager.default.createDirectory(at: settings.folder, withIntermediateDirectories: true)
            let outcome = try await BackupService(configuration: settings.database, logger: logger).backup(
                to: file, actor: "sipas-scheduler")
            logger.notice(
                "nightly backup written",
                metadata: ["file": "\(file.path)", "bytes": "\(outcome.summary.bytes)", "sha256": "\(outcome.sha256)"])
        } catch {
            logger.error("the nightly backup failed; will try again tomorrow", metadata: ["file": "\(file.path)", "error": "\(error)"])
            return nil
        }
        do {
            for removed in try BackupService.prune(folder: settings.folder, keep: settings.keep) {
                logger.notice("removed an old backup", metadata: ["file": "\(removed.path)"])
            }
        } catch {
            logger.error("old backups could not be removed", metadata: ["folder": "\(settings.folder.path)", "error": "\(error)"])
        }
        return file
    }
}
