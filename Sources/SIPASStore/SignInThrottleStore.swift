import Crypto
import Foundation
import PostgresNIO

/// Sign-in attempts per (account name, client address), in `login_throttle` (Schema 0008):
/// an attempt is reserved atomically before the password is checked, and each failure moves
/// the pair's next allowed attempt further away. Names and addresses are stored only hashed.
public struct SignInThrottleStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The outcome of a reservation: the attempt may go ahead (with the pair's failures so
    /// far), or must wait this many seconds.
    public enum Reservation: Sendable, Equatable {
        case granted(failures: Int)
        case wait(seconds: Int)
    }

    /// The key of a (name, address) pair: SHA-256 of both, separated by a byte neither holds.
    public static func key(username: String, address: String) -> [UInt8] {
        Array(SHA256.hash(data: Data((username + "\u{0}" + address).utf8)))
    }

    /// Reserves one attempt for `key`: granted when the pair's delay has passed and no other
    /// attempt of the pair is under way (the reservation holds it for `hold` seconds, longer
    /// than a password check takes); otherwise how long to wait. Failures older than `window`
    /// are forgotten.
    public func reserve(key: [UInt8], hold: Int = 30, window: TimeInterval) async throws -> Reservation {
        let bytes = ByteBuffer(bytes: key)
        let windowSeconds = Int(window)
        let rows = try await db.client.query(
            """
            INSERT INTO login_throttle AS t (key, failures, not_before, updated_at)
            VALUES (\(bytes), 0, now() + make_interval(secs => \(hold)), now())
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.updated_at < now() - make_interval(secs => \(windowSeconds)) THEN 0 ELSE t.failures END,
                not_before = now() + make_interval(secs => \(hold)), updated_at = now()
            WHERE t.not_before <= now()
            RETURNING failures
            """, logger: db.logger)
        for try await failures in rows.decode(Int.self) { return .granted(failures: failures) }
        let waits = try await db.client.query(
            "SELECT GREATEST(1, ceil(extract(epoch FROM not_before - now())))::bigint FROM login_throttle WHERE key = \(bytes)",
            logger: db.logger)
        for try await seconds in waits.decode(Int.self) { return .wait(seconds: seconds) }
        return .wait(seconds: 1)  // removed in between: the caller may simply try again
    }

    /// Ends a granted attempt: a success forgets the pair; a failure counts, and the next
    /// attempt waits `delay` seconds.
    public func finish(key: [UInt8], succeeded: Bool, delay: (_ failures: Int) -> Int) async throws {
        let bytes = ByteBuffer(bytes: key)
        if succeeded {
            try await db.client.query("DELETE FROM login_throttle WHERE key = \(bytes)", logger: db.logger)
            return
        }
        let rows = try await db.client.query(
            "UPDATE login_throttle SET failures = failures + 1, updated_at = now() WHERE key = \(bytes) RETURNING failures",
            logger: db.logger)
        var failures = 1
        for try await value in rows.decode(Int.self) { failures = value }
        let seconds = max(0, delay(failures))
        try await db.client.query(
            "UPDATE login_throttle SET not_before = now() + make_interval(secs => \(seconds)) WHERE key = \(bytes)",
            logger: db.logger)
    }

    /// Ends a granted attempt whose password was not checked (the server was too busy):
    /// nothing counts, and the pair may try again at once.
    public func release(key: [UInt8]) async throws {
        let bytes = ByteBuffer(bytes: key)
        try await db.client.query("UPDATE login_throttle SET not_before = now() WHERE key = \(bytes)", logger: db.logger)
    }

    /// Removes pairs quiet for longer than `age` (their failures are forgotten anyway).
    public func prune(olderThan age: TimeInterval) async throws {
        try await db.client.query(
            "DELETE FROM login_throttle WHERE updated_at < now() - make_interval(secs => \(Int(age)))", logger: db.logger)
    }
}
