import Foundation
import SIPASStore

/// The append-only record of every write, read back for `sipas audit` and `/api/audit`.
public struct AuditTrail: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public typealias Event = AuditLog.Event

    public func events(since: Date? = nil, actor: String? = nil, limit: Int = 1000) async throws -> [Event] {
        try await AuditLog.events(db, since: since, actor: actor, limit: limit)
    }
}
