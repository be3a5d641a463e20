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
    /// The last health result and when it was found, and the probe under way, if any.
    private var lastHealth: (at: ContinuousClock.Instant, ok: Bool)?
    private var healthProbe: Task<Bool, Never>?
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

    /// For `/healthz`: whether the database answers a query through the pool (whose
    /// connections are already open) within `deadline`. At most one probe runs at a time and
    /// its result serves every request for a second, so a flood of health checks costs the
    /// database nothing more.
    func health(_ db: Database, deadline: Duration) async -> Bool {
        if let last = lastHealth, ContinuousClock.now - last.at < .seconds(1) { return last.ok }
        if let running = healthProbe { return await running.value }
        let probe = Task { await Self.probe(db, deadline: deadline, pooled: true) }
        healthProbe = probe
        let ok = await probe.value
        healthProbe = nil
        lastHealth = (ContinuousClock.now, ok)
        if !ok { markDown() }
        return ok
    }

    func markDown() {
        if !down { lastProbe = ContinuousClock.now }
        down = true
    }

    /// `SELECT 1` within the deadline: on a connection of its own (not the pool's, which may be
    /// busy or waiting for the database), or `pooled` through the pool.
    static func probe(_ db: Database, deadline: Duration, pooled: Bool = false) async -> Bool {
        do {
            return try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    if pooled {
                        _ = try await db.client.query("SELECT 1", logger: db.logger).collect()
                    } else {
                        try await Database.withConnection(db.configuration, logger: db.logger) { connection in
                            _ = try await connection.query("SELECT 1", logger: db.logger).collect()
                        }
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
