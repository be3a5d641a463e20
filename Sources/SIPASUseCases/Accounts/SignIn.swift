import Crypto
import Foundation
import SIPASStore

/// Signing in with a name and password, throttled per (name, client address): a few failures
/// are free, then each failure makes that pair wait longer (2, 4, 8 … seconds, at most a
/// quarter of an hour). The account itself is never locked: the right password from another
/// address signs in at once. Each attempt is reserved in the database before bcrypt runs,
/// so parallel guesses of one pair are taken one at a time.
public struct SignIn: Sendable {
    public let db: Database
    public var policy: Policy

    public struct Policy: Sendable {
        /// Failures of a (name, address) pair that cost no waiting.
        public var freeFailures = 3
        /// The wait after the first failure that is not free, in seconds; it doubles after each
        /// further failure.
        public var firstDelay = 2
        /// The longest wait, in seconds.
        public var maxDelay = 900
        /// Failures older than this are forgotten.
        public var window: TimeInterval = 24 * 3600

        public init() {}

        /// The wait after the pair's `failures`-th failure.
        public func delay(afterFailures failures: Int) -> Int {
            guard failures > freeFailures else { return 0 }
            let exponent = min(failures - freeFailures - 1, 30)
            return min(maxDelay, firstDelay << exponent)
        }
    }

    public enum Outcome: Sendable, Equatable {
        case signedIn(AccountStore.Account)
        /// Wrong name or password, or a disabled account (the answer does not say which).
        case refused
        /// This (name, address) pair must wait this many seconds before trying again.
        case slowDown(seconds: Int)
    }

    public init(_ db: Database, policy: Policy = Policy()) {
        self.db = db
        self.policy = policy
    }

    public func attempt(username rawName: String, password: String, address: String, gate: WorkGate = .passwordChecks) async throws
        -> Outcome
    {
        let username = rawName.trimmingCharacters(in: .whitespaces).lowercased()
        let throttle = SignInThrottleStore(db)
        let key = SignInThrottleStore.key(username: username, address: address)
        if case .wait(let seconds) = try await throttle.reserve(key: key, window: policy.window) { return .slowDown(seconds: seconds) }
        let accounts = AccountStore(db)
        let credentials = username.isEmpty || username.count > 64 ? nil : try await accounts.credentials(username)
        let valid: Bool
        do {
            valid = try await Passwords.verify(password, hash: credentials?.passwordHash, gate: gate)
        } catch {
            // Not checked (too busy): the attempt neither counts nor holds the pair.
            try? await throttle.release(key: key)
            throw error
        }
        guard valid, let account = credentials?.account, !account.disabled else {
            try await throttle.finish(key: key, succeeded: false) { policy.delay(afterFailures: $0) }
            // A name that is no account is kept only hashed: it may be a password typed
            // into the wrong field.
            let recorded = credentials == nil ? Self.hashedName(username) : username
            try await accounts.recordFailedLogin(username: recorded, address: address)
            if Int.random(in: 0..<100) == 0 { try? await throttle.prune(olderThan: policy.window) }
            return .refused
        }
        try await throttle.finish(key: key, succeeded: true) { _ in 0 }
        return .signedIn(account)
    }

    /// How an unknown name appears in the audit trail: `?` and the first 16 hex digits of its
    /// SHA-256 (enough to see repeated guesses, useless to read a password from).
    static func hashedName(_ name: String) -> String {
        "?" + SHA256.hash(data: Data(name.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
