import Foundation
import Logging
import SIPASStore
import ServiceLifecycle

/// Folds stored kiosk and portal submissions into their units' monthly vectors every few
/// seconds (`SubmissionStore.fold`), and once more on the way out. Reports are exact either
/// way; folding keeps what they read small.
public struct SubmissionFoldingService: Service {
    let db: Database
    let interval: Duration
    let logger: Logger

    public init(db: Database, interval: Duration, logger: Logger) {
        self.db = db
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await foldNow()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break  // shutting down
            }
        }
        await foldNow()
    }

    private func foldNow() async {
        do {
            let n = try await SubmissionStore(db).fold()
            if n > 0 { logger.debug("folded submissions", metadata: ["count": "\(n)"]) }
        } catch {
            logger.warning(
                "submissions could not be folded now; they are counted from their answers until then", metadata: ["error": "\(error)"])
        }
    }
}
