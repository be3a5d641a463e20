import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Public questionnaire links (`collection_links`): made, listed, found by their token and
/// revoked; every change is audited.
public struct CollectionLinkStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// A link with its survey version and unit version.
    public struct Link: Sendable, Equatable {
        public var id: Int
        public var token: String
        public var surveyID: Int
        public var surveyCode: String
        public var surveyVersion: Int
        public var unit: UnitVersion
        public var validUntil: CalendarDate?
        public var requireDossier: Bool
        /// With `requireDossier`: how many days after its return a dossier may be answered for.
        public var dossierDays: Int
        public var createdBy: String
        public var createdAt: Date
        public var revokedAt: Date?

        /// The account name its questionnaires are submitted by.
        public var submitter: String { "link:\(id)" }

        /// Whether it takes answers on `date`: not revoked, not past its last day.
        public func isOpen(on date: CalendarDate) -> Bool { revokedAt == nil && (validUntil.map { date <= $0 } ?? true) }
    }

    static let columns = """
        l.link_id, l.token, l.survey_id, s.code, s.version, u.unit_id, u.code, u.parent_code, u.level, u.type, u.name,
        u.valid_from::text, u.valid_to::text, l.valid_until::text, l.require_dossier, l.created_by, l.created_at, l.revoked_at,
        l.dossier_days
        FROM collection_links l JOIN surveys s USING (survey_id) JOIN units u USING (unit_id)
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Link] {
        var links: [Link] = []
        for try await row in rows {
            let c = row.makeRandomAccess()
            let unit = UnitVersion(
                id: try c[5].decode(Int.self),
                unit: AdminUnit(
                    code: try c[6].decode(String.self), parentCode: try c[7].decode(String?.self),
                    level: UnitLevel(rawValue: try c[8].decode(String.self)) ?? .commune, type: try c[9].decode(String.self),
                    name: try c[10].decode(String.self)),
                validFrom: CalendarDate(try c[11].decode(String.self))!, validTo: try c[12].decode(String?.self).flatMap(CalendarDate.init))
            links.append(
                Link(
                    id: try c[0].decode(Int.self), token: try c[1].decode(String.self), surveyID: try c[2].decode(Int.self),
                    surveyCode: try c[3].decode(String.self), surveyVersion: try c[4].decode(Int.self), unit: unit,
                    validUntil: try c[13].decode(String?.self).flatMap(CalendarDate.init), requireDossier: try c[14].decode(Bool.self),
                    dossierDays: try c[18].decode(Int.self), createdBy: try c[15].decode(String.self),
                    createdAt: try c[16].decode(Date.self),
                    revokedAt: try c[17].decode(Date?.self)))
        }
        return links
    }

    /// Stores a new link.
    public func create(
        token: String, surveyID: Int, unitID: Int, validUntil: CalendarDate?, requireDossier: Bool, dossierDays: Int = 30,
        actor: String
    ) async throws -> Link {
        let logger = db.logger
        do {
            let id = try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO collection_links (token, survey_id, unit_id, valid_until, require_dossier, dossier_days, created_by)
                    VALUES (\(token), \(surveyID), \(unitID), \(validUntil?.description)::date, \(requireDossier), \(dossierDays), \(actor))
                    RETURNING link_id
                    """, logger: logger)
                var id = 0
                for try await found in rows.decode(Int.self) { id = found }
                try await AuditLog.record(
                    connection, actor: actor, action: "link.create", objectType: "collection_link", objectID: String(id),
                    details: [
                        "survey_id": String(surveyID), "unit_id": String(unitID), "valid_until": validUntil?.description ?? "",
                        "require_dossier": String(requireDossier), "dossier_days": String(dossierDays),
                    ], logger: logger)
                return id
            }
            guard let link = try await find(id: id) else { throw DatabaseError.notFound("link \(id) vanished") }
            return link
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// Every link, newest first.
    public func list() async throws -> [Link] {
        try await Self.decode(db.client.query("SELECT \(unescaped: Self.columns) ORDER BY l.link_id DESC", logger: db.logger))
    }

    public func find(token: String) async throws -> Link? {
        try await Self.decode(db.client.query("SELECT \(unescaped: Self.columns) WHERE l.token = \(token)", logger: db.logger)).first
    }

    public func find(id: Int) async throws -> Link? {
        try await Self.decode(db.client.query("SELECT \(unescaped: Self.columns) WHERE l.link_id = \(id)", logger: db.logger)).first
    }

    /// Revokes the link with this id or token; revoking it again changes nothing.
    @discardableResult
    public func revoke(_ idOrToken: String, actor: String) async throws -> Link {
        let logger = db.logger
        let id = Int(idOrToken)
        do {
            let revoked = try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE collection_links SET revoked_at = coalesce(revoked_at, now())
                    WHERE link_id = \(id) OR token = \(idOrToken) RETURNING link_id
                    """, logger: logger)
                var found: Int?
                for try await linkID in rows.decode(Int.self) { found = linkID }
                guard let found else { throw DatabaseError.notFound("there is no link \(idOrToken); `sipas collect list` shows them") }
                try await AuditLog.record(
                    connection, actor: actor, action: "link.revoke", objectType: "collection_link", objectID: String(found), details: [:],
                    logger: logger)
                return found
            }
            guard let link = try await find(id: revoked) else { throw DatabaseError.notFound("link \(revoked) vanished") }
            return link
        } catch {
            throw error.unwrappingTransaction
        }
    }
}
