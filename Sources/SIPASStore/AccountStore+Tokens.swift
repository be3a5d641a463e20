import Foundation
import Logging
import PostgresNIO

extension AccountStore {
    /// An API token as an admin sees it (never the token itself).
    public struct TokenInfo: Sendable, Equatable {
        public var id: Int
        public var label: String
        public var createdAt: Date
        public var expiresAt: Date?
        public var lastUsedAt: Date?
        public var revokedAt: Date?

        /// Whether the token still opens the API.
        public func isValid(now: Date = Date()) -> Bool { revokedAt == nil && (expiresAt.map { $0 > now } ?? true) }
    }

    /// The tokens of an account, newest first.
    public func tokens(of username: String) async throws -> [TokenInfo] {
        let rows = try await db.client.query(
            """
            SELECT t.api_token_id, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
            FROM api_tokens t JOIN app_users u USING (user_id) WHERE u.username = \(username)
            ORDER BY t.created_at DESC, t.api_token_id DESC
            """, logger: db.logger)
        var result: [TokenInfo] = []
        for try await (id, label, created, expires, used, revoked) in rows.decode((Int, String, Date, Date?, Date?, Date?).self) {
            result.append(TokenInfo(id: id, label: label, createdAt: created, expiresAt: expires, lastUsedAt: used, revokedAt: revoked))
        }
        return result
    }

    /// Revokes the account's token `id`, or (nil) all its tokens; returns how many were revoked.
    @discardableResult
    public func revokeTokens(of username: String, id: Int?, actor: String) async throws -> Int {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                var exists = false
                for try await _ in try await connection.query("SELECT 1 FROM app_users WHERE username = \(username)", logger: logger) {
                    exists = true
                }
                guard exists else { throw DatabaseError.notFound("there is no account named \(username)") }
                let rows = try await connection.query(
                    """
                    UPDATE api_tokens SET revoked_at = now()
                    WHERE revoked_at IS NULL AND user_id = (SELECT user_id FROM app_users WHERE username = \(username))
                      AND (\(id)::bigint IS NULL OR api_token_id = \(id))
                    RETURNING api_token_id
                    """, logger: logger)
                var revoked: [Int] = []
                for try await tokenID in rows.decode(Int.self) { revoked.append(tokenID) }
                if let id, revoked.isEmpty { throw DatabaseError.notFound("\(username) has no valid token \(id)") }
                try await AuditLog.record(
                    connection, actor: actor, action: "token.revoke", objectType: "user", objectID: username,
                    details: ["tokens": revoked.map(String.init).joined(separator: ",")], logger: logger)
                return revoked.count
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }
}
