import Foundation
import PostgresNIO
import SIPASCore

/// Keys the service makes for itself (`service_keys`, Schema 0010): the key that signs when a
/// public form was opened, and one salt a day for the hashes of client addresses. Kept in
/// PostgreSQL so that every `sipas serve` of a deployment, and a restarted one, use the same.
public struct ServiceKeyStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The key named `name`, made (32 random bytes) the first time it is asked for.
    public func key(named name: String) async throws -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let fresh = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        // The insert does nothing when another process made the key first; the select reads
        // whichever was stored.
        try await db.client.query(
            "INSERT INTO service_keys (name, key) VALUES (\(name), \(fresh)) ON CONFLICT (name) DO NOTHING", logger: db.logger)
        let rows = try await db.client.query("SELECT key FROM service_keys WHERE name = \(name)", logger: db.logger)
        for try await key in rows.decode(ByteBuffer.self) { return Array(key.readableBytesView) }
        throw DatabaseError.notFound("the service key \(name) could not be made")
    }

    /// The salt of the client-address hashes of `day`. Making a day's salt rotates: salts
    /// older than the day before are deleted and address hashes older than two days cleared,
    /// so an address can be linked to answers for at most two days.
    public func addressSalt(on day: CalendarDate) async throws -> [UInt8] {
        let salt = try await key(named: "address:\(day)")
        let yesterday = day.previousDay
        try await db.client.query(
            "DELETE FROM service_keys WHERE name LIKE 'address:%' AND name < \("address:\(yesterday)")", logger: db.logger)
        try await db.client.query(
            """
            UPDATE responses SET address_hash = NULL
            WHERE address_hash IS NOT NULL AND created_at < \(yesterday.description)::date
            """, logger: db.logger)
        return salt
    }
}
