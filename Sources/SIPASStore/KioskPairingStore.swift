import Crypto
import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// One-time pairing codes of kiosks (`kiosk_pairings`, Schema 0016): made for a survey and a
/// unit version, kept only as their SHA-256, and redeemed once — in one transaction that marks
/// the code used, adds the tablet's own kiosk account and issues its API token. Audited.
public struct KioskPairingStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The key a code is stored under: the SHA-256 of its digits.
    public static func hash(code: String) -> [UInt8] { Array(SHA256.hash(data: Data(code.utf8))) }

    /// A code just made.
    public struct Pairing: Sendable, Equatable {
        public var id: Int
        public var expiresAt: Date
    }

    /// Stores a code (its hash) for `minutes`. Throws `DatabaseError.conflict` when a code still
    /// to be used has the same hash (the caller draws another).
    public func create(codeHash: [UInt8], surveyID: Int, unitID: Int, minutes: Int, actor: String) async throws -> Pairing {
        let logger = db.logger
        let hash = ByteBuffer(bytes: codeHash)
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO kiosk_pairings (code_hash, survey_id, unit_id, created_by, expires_at)
                    VALUES (\(hash), \(surveyID), \(unitID), \(actor), now() + make_interval(mins => \(minutes)::integer))
                    RETURNING kiosk_pairing_id, expires_at
                    """, logger: logger)
                var pairing = Pairing(id: 0, expiresAt: Date())
                for try await (id, expires) in rows.decode((Int, Date).self) { pairing = Pairing(id: id, expiresAt: expires) }
                try await AuditLog.record(
                    connection, actor: actor, action: "kiosk.pair", objectType: "kiosk_pairing", objectID: String(pairing.id),
                    details: ["survey_id": String(surveyID), "unit_id": String(unitID), "minutes": String(minutes)], logger: logger)
                return pairing
            }
        } catch {
            let inner = error.unwrappingTransaction
            if inner.sqlState == "23505" { throw DatabaseError.conflict("a pairing code still to be used has the same hash") }
            throw inner
        }
    }

    /// A redeemed code: the tablet's account and token, for which survey and unit.
    public struct Device: Sendable, Equatable {
        public var pairingID: Int
        public var username: String
        public var token: String
        public var surveyCode: String
        public var unitCode: String
        public var unitName: String
    }

    /// What a code was.
    public enum Redemption: Sendable, Equatable {
        case paired(Device)
        /// No code has this hash.
        case unknown
        case used
        case expired
    }

    /// Redeems the code with this hash: marks it used and creates the kiosk account
    /// `kiosk-<unit>-<pairing id>` of its unit with a token for `tokenDays` days, all at once.
    /// A code redeemed twice at the same moment is paired once: the second waits for the row
    /// and finds it used.
    public func redeem(codeHash: [UInt8], tokenDays: Int = Role.kiosk.defaultTokenDays, address: String) async throws -> Redemption {
        let logger = db.logger
        let hash = ByteBuffer(bytes: codeHash)
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    SELECT p.kiosk_pairing_id, p.used_at IS NOT NULL, p.expires_at <= now(), s.code, u.code, u.name
                    FROM kiosk_pairings p JOIN surveys s USING (survey_id) JOIN units u USING (unit_id)
                    WHERE p.code_hash = \(hash)
                    ORDER BY p.used_at IS NULL DESC, p.created_at DESC LIMIT 1
                    FOR UPDATE OF p
                    """, logger: logger)
                var found: (id: Int, used: Bool, expired: Bool, survey: String, unit: String, name: String)?
                for try await row in rows.decode((Int, Bool, Bool, String, String, String).self) { found = row }
                guard let found else { return .unknown }
                if found.used { return .used }
                if found.expired { return .expired }
                let username = Self.username(unit: found.unit, pairingID: found.id)
                let token = AccountStore.newAPIToken()
                let users = try await connection.query(
                    """
                    INSERT INTO app_users (username, role, unit_code) VALUES (\(username), \(Role.kiosk.rawValue), \(found.unit))
                    RETURNING user_id
                    """, logger: logger)
                var userID = 0
                for try await id in users.decode(Int.self) { userID = id }
                let tokens = try await connection.query(
                    """
                    INSERT INTO api_tokens (user_id, token_hash, label, expires_at)
                    VALUES (\(userID), \(AccountStore.hash(token)), 'kiosk', now() + make_interval(days => \(tokenDays)::integer))
                    RETURNING api_token_id
                    """, logger: logger)
                var tokenID = 0
                for try await id in tokens.decode(Int.self) { tokenID = id }
                try await connection.query(
                    """
                    UPDATE kiosk_pairings SET used_at = now(), user_id = \(userID), api_token_id = \(tokenID)
                    WHERE kiosk_pairing_id = \(found.id)
                    """, logger: logger)
                try await AuditLog.record(
                    connection, actor: username, action: "user.add", objectType: "user", objectID: username,
                    details: ["role": Role.kiosk.rawValue, "unit": found.unit], logger: logger)
                try await AuditLog.record(
                    connection, actor: username, action: "token.create", objectType: "user", objectID: username,
                    details: ["label": "kiosk", "days": String(tokenDays)], logger: logger)
                try await AuditLog.record(
                    connection, actor: username, action: "kiosk.paired", objectType: "kiosk_pairing", objectID: String(found.id),
                    details: ["unit": found.unit, "survey": found.survey, "token_id": String(tokenID), "address": address],
                    logger: logger)
                return .paired(
                    Device(
                        pairingID: found.id, username: username, token: token, surveyCode: found.survey, unitCode: found.unit,
                        unitName: found.name))
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// The kiosk account of a pairing: `kiosk-`, the unit's code in the characters an account
    /// name may hold, and the pairing's id (each tablet its own account, revoked on its own).
    static func username(unit: String, pairingID: Int) -> String {
        let allowed = unit.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
        let code = String(String.UnicodeScalarView(allowed).prefix(40))
        return "kiosk-\(code.isEmpty ? "unit" : code)-\(pairingID)"
    }
}
