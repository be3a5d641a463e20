import Foundation
import Logging
import PostgresNIO

/// The append-only audit trail: every write records who did what to which object.
public enum AuditLog {
    /// Appends one event on the given connection (inside the caller's transaction).
    public static func record(
        _ connection: PostgresConnection, actor: String, action: String, objectType: String,
        objectID: String, details: [String: String] = [:], logger: Logger
    ) async throws {
        let json = StoredJSON.text(details)
        try await connection.query(
            """
            INSERT INTO audit_events (actor, action, object_type, object_id, details)
            VALUES (\(actor), \(action), \(objectType), \(objectID), \(json)::jsonb)
            """, logger: logger)
    }

    public struct Event: Sendable {
        public var id: Int
        public var occurredAt: Date
        public var actor: String
        public var action: String
        public var objectType: String
        public var objectID: String
        /// The details as stored (JSON text), as the CLI prints them.
        public var details: String
        /// The details as an object; empty when the stored text is not an object of strings.
        public var detailFields: [String: String] { StoredJSON.object(details) ?? [:] }
    }

    /// Events, oldest first, optionally since a time and for one actor.
    public static func events(_ db: Database, since: Date? = nil, actor: String? = nil, limit: Int = 1000) async throws -> [Event] {
        let rows = try await db.client.query(
            """
            SELECT audit_event_id, occurred_at, actor, action, object_type, object_id, details::text
            FROM audit_events
            WHERE (\(since)::timestamptz IS NULL OR occurred_at >= \(since))
              AND (\(actor)::text IS NULL OR actor = \(actor))
            ORDER BY audit_event_id LIMIT \(limit)
            """, logger: db.logger)
        var events: [Event] = []
        for try await (id, at, actor, action, type, object, details) in rows.decode(
            (Int, Date, String, String, String, String, String).self)
        {
            events.append(Event(id: id, occurredAt: at, actor: actor, action: action, objectType: type, objectID: object, details: details))
        }
        return events
    }
}
