import Crypto
import Foundation
import Logging
import PostgresNIO

/// Accounts and API tokens. Tokens are shown once and stored only as their SHA-256.
public struct AccountStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Account: Sendable, Equatable {
        public var id: Int
        public var username: String
        public var role: String
        public var unitCode: String?
        public var disabled: Bool
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func add(username: String, role: String, unitCode: String?, passwordHash: String?, actor: String) async throws -> Account {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    INSERT INTO app_users (username, role, unit_code, password_hash) VALUES (\(username), \(role), \(unitCode), \(passwordHash))
                    RETURNING user_id
                    """, logger: logger)
                var id = 0
                for try await v in rows.decode(Int.self) { id = v }
                try await AuditLog.record(connection, actor: actor, action: "user.add", objectType: "user", objectID: username,
                                          details: ["role": role, "unit": unitCode ?? ""], logger: logger)
                return Account(id: id, username: username, role: role, unitCode: unitCode, disabled: false)
            }
        } catch {
            let inner = error.unwrappingTransaction
            if inner.sqlState == "23505" { throw DatabaseError.conflict("an account named \(username) already exists") }
            if inner.sqlState == "23514" { throw DatabaseError.invalid("account \(username) is not valid: the name is 2–64 of a-z 0-9 . _ -, the role admin, analyst, uploader or viewer, and an uploader needs --unit") }
            throw inner
        }
    }

    public func list() async throws -> [Account] {
        let rows = try await db.client.query("SELECT user_id, username, role, unit_code, disabled FROM app_users ORDER BY username", logger: db.logger)
        var result: [Account] = []
        for try await (id, name, role, unit, disabled) in rows.decode((Int, String, String, String?, Bool).self) {
            result.append(Account(id: id, username: name, role: role, unitCode: unit, disabled: disabled))
        }
        return result
    }

    public func setDisabled(_ username: String, _ disabled: Bool, actor: String) async throws {
        let logger = db.logger
        try await db.client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query("UPDATE app_users SET disabled = \(disabled) WHERE username = \(username) RETURNING user_id", logger: logger)
            var found = false
            for try await _ in rows { found = true }
            guard found else { throw DatabaseError.notFound("there is no account named \(username)") }
            try await AuditLog.record(connection, actor: actor, action: disabled ? "user.disable" : "user.enable", objectType: "user", objectID: username, logger: logger)
        }
    }

    /// Creates a token for an account and returns it; only its hash is stored.
    public func createToken(for username: String, label: String, actor: String) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let token = "sipas_" + bytes.map { String(format: "%02x", $0) }.joined()
        let logger = db.logger
        do {
            try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    INSERT INTO api_tokens (user_id, token_hash, label)
                    SELECT user_id, \(Self.hash(token)), \(label) FROM app_users WHERE username = \(username) RETURNING api_token_id
                    """, logger: logger)
                var found = false
                for try await _ in rows { found = true }
                guard found else { throw DatabaseError.notFound("there is no account named \(username)") }
                try await AuditLog.record(connection, actor: actor, action: "token.create", objectType: "user", objectID: username, details: ["label": label], logger: logger)
            }
        } catch {
            throw error.unwrappingTransaction
        }
        return token
    }

    public func account(forToken token: String) async throws -> Account? {
        let rows = try await db.client.query("""
            SELECT u.user_id, u.username, u.role, u.unit_code, u.disabled FROM api_tokens t JOIN app_users u USING (user_id)
            WHERE t.token_hash = \(Self.hash(token)) AND t.revoked_at IS NULL
            """, logger: db.logger)
        for try await (id, name, role, unit, disabled) in rows.decode((Int, String, String, String?, Bool).self) {
            return Account(id: id, username: name, role: role, unitCode: unit, disabled: disabled)
        }
        return nil
    }
}
