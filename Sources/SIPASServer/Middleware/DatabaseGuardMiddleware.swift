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

/// Answers 503 with Retry-After at once while the database is known to be down, and notices
/// when a request finds it down. (A request already waiting inside the connection pool when
/// the database stops waits for the pool to reconnect, which can outlast the outage;
/// Scripts/check-db-restart counts those apart.)
struct DatabaseGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let db: Database
    let availability: DatabaseAvailability

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        // What does not touch the database is always served.
        if path == "/metrics" || path.hasPrefix("/openapi.") { return try await next(request, context) }
        guard await availability.available(db) else { throw DatabaseError.unreachable(target: "the database", reason: "it did not answer a moment ago") }
        do {
            return try await next(request, context)
        } catch where error.isDatabaseUnavailable {
            await availability.markDown()
            throw error
        } catch let error as DatabaseError {
            if case .unreachable = error { await availability.markDown() }
            throw error
        }
    }
}
