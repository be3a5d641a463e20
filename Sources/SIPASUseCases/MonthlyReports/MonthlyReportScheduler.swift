import Foundation
import Logging
import SIPASCore
import SIPASStore
import ServiceLifecycle

/// Runs beside the HTTP server: checks every `interval` whether a monthly report is due.
public struct MonthlyReportScheduler: Service {
    let db: Database
    let day: Int
    let interval: Duration
    let logger: Logger

    public init(db: Database, day: Int, interval: Duration, logger: Logger) {
        self.db = db
        self.day = day
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard day > 0 else {
            // Switched off: stay until the service shuts down (a service that returns early
            // would stop the whole group).
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await MonthlyReports(db).generateDue(today: .today(), day: day, logger: logger)
            } catch {
                logger.error("the monthly report could not be generated; will try again", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return  // shutting down
            }
        }
    }
}
