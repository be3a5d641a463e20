import SIPASCore
import SIPASStore

/// Accounts of the service: added with a role (and a unit for uploaders), a password for the
/// web pages (bcrypt), disabled and enabled, API tokens shown once.
public struct AccountService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public typealias Account = AccountStore.Account

    /// Adds an account; with a `password`, it can sign in on the web pages.
    @discardableResult
    public func add(username: String, role: Role, unitCode: String?, password: String?, bcryptCost: UInt8 = 12, actor: String) async throws
        -> Account
    {
        let hash: String? = if let password { try await Passwords.hash(password, cost: bcryptCost) } else { nil }
        return try await AccountStore(db).add(username: username, role: role, unitCode: unitCode, passwordHash: hash, actor: actor)
    }

    public func list() async throws -> [Account] {
        try await AccountStore(db).list()
    }

    public func setDisabled(_ username: String, _ disabled: Bool, actor: String) async throws {
        try await AccountStore(db).setDisabled(username, disabled, actor: actor)
    }

    public func setPassword(_ username: String, password: String, bcryptCost: UInt8 = 12, actor: String) async throws {
        try await AccountStore(db).setPassword(username, hash: try await Passwords.hash(password, cost: bcryptCost), actor: actor)
    }

    public typealias TokenInfo = AccountStore.TokenInfo

    /// A new API token for `username`: returned once, stored only as its SHA-256; it lasts
    /// `days` (default: a year for kiosks, 90 days for people).
    public func createToken(for username: String, label: String, days: Int? = nil, actor: String) async throws -> String {
        try await AccountStore(db).createToken(for: username, label: label, days: days, actor: actor)
    }

    public func tokens(of username: String) async throws -> [TokenInfo] {
        try await AccountStore(db).tokens(of: username)
    }

    /// Revokes token `id` of `username`, or all its tokens.
    @discardableResult
    public func revokeTokens(of username: String, id: Int?, actor: String) async throws -> Int {
        try await AccountStore(db).revokeTokens(of: username, id: id, actor: actor)
    }
}
