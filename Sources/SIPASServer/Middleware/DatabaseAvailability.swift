import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

/// Whether the database answers. When a request finds it unreachable, the service stops sending
/// requests into the connection pool (where they would wait for the database to come back) and
/// answers 503 at once, probing with a short deadline at most once a second until it answers.
actor DatabaseAvailability {
    private var down = false
    private var lastProbe = ContinuousClock.now
    let probeInterval: Duration = .seconds(1)
    let probeDeadline: Duration = .seconds(1)

    struct DeadlineExceeded: Error {}

    /// True when requests may go to the database.
    func available(_ db: Database) async -> Bool {
        guard down else { return true }
        guard ContinuousClock.now - lastProbe >= probeInterval else { return false }
        lastProbe = ContinuousClock.now
        if await Self.probe(db, deadline: probeDeadline) {
            down = false
            return true
        }
        return false
    }

    func markDown() {
        if !down { lastProbe = ContinuousClock.now }
        down = true
    }

    /// `SELECT 1` on a connection of its own (not the pool's, which may be busy or waiting for
    /// the database), within the deadline.
    static func probe(_ db: Database, deadline: Duration) async -> Bool {
        do {
            return try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await Database.withConnection(db.configuration, logger: db.logger) { connection in
                        _ = try await connection.query("SELECT 1", logger: db.logger).collect()
                    }
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    throw DeadlineExceeded()
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
        } catch {
            return false
        }
    }
}
