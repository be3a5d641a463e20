import Crypto
import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Accounts and API tokens. Tokens are shown once and stored only as their SHA-256.
public struct AccountStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Account: Sendable, Equatable {
        public var id: Int
        public var username: String
        public var role: Role
        public var unitCode: String?
        public var disabled: Bool
        /// When a token of the account was last used or the account last signed in.
        public var lastUsedAt: Date? = nil
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @discardableResult
    public func add(username: String, role: Role, unitCode: String?, passwordHash: String?, actor: String) async throws -> Account {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO app_users (username, role, unit_code, password_hash) VALUES (\(username), \(role.rawValue), \(unitCode), \(passwordHash))
                    RETURNING user_id
                    """, logger: logger)
                var id = 0
                for try await v in rows.decode(Int.self) { id = v }
                try await AuditLog.record(
                    connection, actor: actor, action: "user.add", objectType: "user", objectID: username,
                    details: ["role": role.rawValue, "unit": unitCode ?? ""], logger: logger)
                return Account(id: id, username: username, role: role, unitCode: unitCode, disabled: false)
            }
        } catch {
            let inner = error.unwrappingTransaction
            if inner.sqlState == "23505" { throw DatabaseError.conflict("an account named \(username) already exists") }
            if inner.sqlState == "23514" { throw AccountError.invalid(username: username) }
            throw inner
        }
    }

    public func list() async throws -> [Account] {
        let rows = try await db.client.query(
            """
            SELECT u.user_id, u.username, u.role, u.unit_code, u.disabled,
                   greatest((SELECT max(last_used_at) FROM api_tokens t WHERE t.user_id = u.user_id),
                            (SELECT max(created_at) FROM sessions s WHERE s.user_id = u.user_id))
            FROM app_users u ORDER BY u.username
            """, logger: db.logger)
        var result: [Account] = []
        for try await (id, name, role, unit, disabled, used) in rows.decode((Int, String, String, String?, Bool, Date?).self) {
            result.append(Account(id: id, username: name, role: Role(stored: role), unitCode: unit, disabled: disabled, lastUsedAt: used))
        }
        return result
    }

    public func setDisabled(_ username: String, _ disabled: Bool, actor: String) async throws {
        let logger = db.logger
        try await db.client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "UPDATE app_users SET disabled = \(disabled) WHERE username = \(username) RETURNING user_id", logger: logger)
            var found = false
            for try await _ in rows { found = true }
            guard found else { throw DatabaseError.notFound("there is no account named \(username)") }
            if disabled { try await Self.endAccess(of: username, connection, logger: logger) }
            try await AuditLog.record(
                connection, actor: actor, action: disabled ? "user.disable" : "user.enable", objectType: "user", objectID: username,
                logger: logger)
        }
    }

    /// Creates a token for an account and returns it; only its hash is stored. It lasts
    /// `days` (default: the role's, a year for kiosks and 90 days for people).
    public func createToken(for username: String, label: String, days: Int? = nil, actor: String) async throws -> String {
        let token = Self.newAPIToken()
        let logger = db.logger
        do {
            try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO api_tokens (user_id, token_hash, label, expires_at)
                    SELECT user_id, \(Self.hash(token)), \(label),
                           now() + make_interval(days => coalesce(\(days)::integer, CASE role WHEN 'kiosk' THEN \(Role.kiosk.defaultTokenDays)::integer ELSE \(Role.viewer.defaultTokenDays)::integer END))
                    FROM app_users WHERE username = \(username) RETURNING api_token_id
                    """, logger: logger)
                var found = false
                for try await _ in rows { found = true }
                guard found else { throw DatabaseError.notFound("there is no account named \(username)") }
                try await AuditLog.record(
                    connection, actor: actor, action: "token.create", objectType: "user", objectID: username,
                    details: ["label": label, "days": days.map(String.init) ?? "default"], logger: logger)
            }
        } catch {
            throw error.unwrappingTransaction
        }
        return token
    }

    /// A new API token: `sipas_` and 32 random bytes in hex.
    static func newAPIToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "sipas_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    public func account(forToken token: String) async throws -> Account? {
        // Valid tokens only (not revoked, not expired), noting when each was last used.
        let rows = try await db.client.query(
            """
            UPDATE api_tokens t SET last_used_at = now() FROM app_users u
            WHERE u.user_id = t.user_id AND t.token_hash = \(Self.hash(token)) AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now())
            RETURNING u.user_id, u.username, u.role, u.unit_code, u.disabled
            """, logger: db.logger)
        for try await (id, name, role, unit, disabled) in rows.decode((Int, String, String, String?, Bool).self) {
            return Account(id: id, username: name, role: Role(stored: role), unitCode: unit, disabled: disabled)
        }
        return nil
    }

    // MARK: Passwords, roles

    /// The account and its stored password hash (bcrypt), for signing in.
    public func credentials(_ username: String) async throws -> (account: Account, passwordHash: String?)? {
        let rows = try await db.client.query(
            "SELECT user_id, username, role, unit_code, disabled, password_hash FROM app_users WHERE username = \(username)",
            logger: db.logger)
        for try await (id, name, role, unit, disabled, hash) in rows.decode((Int, String, String, String?, Bool, String?).self) {
            return (Account(id: id, username: name, role: Role(stored: role), unitCode: unit, disabled: disabled), hash)
        }
        return nil
    }

    /// Sets an account's password hash (the caller hashes with bcrypt).
    public func setPassword(_ username: String, hash: String, actor: String) async throws {
        try await updateAccount(username, actor: actor, action: "user.password", details: [:]) { connection, logger in
            try await connection.query(
                "UPDATE app_users SET password_hash = \(hash) WHERE username = \(username) RETURNING user_id", logger: logger)
        }
    }

    /// Changes an account's role and unit.
    public func setRole(_ username: String, role: Role, unitCode: String?, actor: String) async throws {
        do {
            try await updateAccount(username, actor: actor, action: "user.role", details: ["role": role.rawValue, "unit": unitCode ?? ""]) {
                connection, logger in
                try await connection.query(
                    "UPDATE app_users SET role = \(role.rawValue), unit_code = \(unitCode) WHERE username = \(username) RETURNING user_id",
                    logger: logger)
            }
        } catch  where error.sqlState == "23514" {
            throw DatabaseError.invalid("the role must be admin, analyst, uploader, viewer or kiosk, and an uploader or kiosk needs a unit")
        }
    }

    private func updateAccount(
        _ username: String, actor: String, action: String, details: [String: String],
        _ update: @Sendable (PostgresConnection, Logger) async throws -> PostgresRowSequence
    ) async throws {
        let logger = db.logger
        do {
            try await db.client.withTransaction(logger: logger) { connection in
                var found = false
                for try await _ in try await update(connection, logger) { found = true }
                guard found else { throw DatabaseError.notFound("there is no account named \(username)") }
                // A new password or role: whatever was signed in or issued before ends.
                try await Self.endAccess(of: username, connection, logger: logger)
                try await AuditLog.record(
                    connection, actor: actor, action: action, objectType: "user", objectID: username, details: details, logger: logger)
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// Ends every session of the account and revokes every token it has.
    static func endAccess(of username: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM sessions WHERE user_id = (SELECT user_id FROM app_users WHERE username = \(username))", logger: logger)
        try await connection.query(
            """
            UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = (SELECT user_id FROM app_users WHERE username = \(username))
            """, logger: logger)
    }

    // MARK: Sessions

    /// A signed-in browser: the cookie value (stored only as its SHA-256) and the token every
    /// form of the session must carry.
    public struct Session: Sendable {
        public var token: String
        public var csrfToken: String
        public var account: Account
    }

    public static func randomToken(_ prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Opens a session for an account and records the sign-in.
    public func createSession(for account: Account, lifetime: TimeInterval, address: String) async throws -> Session {
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        let logger = db.logger
        let expires = Date().addingTimeInterval(lifetime)
        try await db.client.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO sessions (session_id, user_id, csrf_token, expires_at) VALUES (\(Self.hash(token)), \(account.id), \(csrf), \(expires))
                """, logger: logger)
            try await connection.query("DELETE FROM sessions WHERE expires_at < now()", logger: logger)
            try await AuditLog.record(
                connection, actor: account.username, action: "login", objectType: "user", objectID: account.username,
                details: ["address": address], logger: logger)
        }
        return Session(token: token, csrfToken: csrf, account: account)
    }

    /// The live session of a cookie value, if any (not expired, account not disabled).
    public func session(forToken token: String) async throws -> Session? {
        let rows = try await db.client.query(
            """
            SELECT u.user_id, u.username, u.role, u.unit_code, u.disabled, s.csrf_token
            FROM sessions s JOIN app_users u USING (user_id)
            WHERE s.session_id = \(Self.hash(token)) AND s.expires_at > now() AND NOT u.disabled
            """, logger: db.logger)
        for try await (id, name, role, unit, disabled, csrf) in rows.decode((Int, String, String, String?, Bool, String).self) {
            return Session(
                token: token, csrfToken: csrf,
                account: Account(id: id, username: name, role: Role(stored: role), unitCode: unit, disabled: disabled))
        }
        return nil
    }

    /// Ends a session (sign-out).
    public func deleteSession(token: String) async throws {
        try await db.client.query("DELETE FROM sessions WHERE session_id = \(Self.hash(token))", logger: db.logger)
    }

    // MARK: Failed sign-ins

    /// Records a failed sign-in in the audit trail (the throttle itself is `SignInThrottleStore`).
    public func recordFailedLogin(username: String, address: String) async throws {
        let logger = db.logger
        try await db.client.withConnection { connection in
            try await AuditLog.record(
                connection, actor: "anonymous", action: "login.fail", objectType: "user", objectID: username,
                details: ["address": address], logger: logger)
        }
    }
}

extension Role {
    /// A role read from `app_users.role`, whose CHECK admits only the cases of `Role`; an
    /// unknown value (a newer schema) gets the least rights.
    init(stored: String) {
        self = Role(rawValue: stored) ?? .viewer
    }
}
