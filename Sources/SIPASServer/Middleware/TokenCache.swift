import Crypto
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import SIPASStore
import SIPASUseCases

/// Bearer tokens seen lately, so that a kiosk posting questionnaires one after another is not
/// looked up in the database for every one of them. An entry lives `lifetime` (5 s): a token
/// revoked or an account changed elsewhere (the CLI, another instance) stops working within
/// that time; changes made through this service's own pages clear the cache at once.
/// Only tokens that were valid are kept, under their SHA-256, never as themselves.
final class TokenCache: Sendable {
    private let entries = NIOLockedValueBox<[SHA256Digest: (account: AccountStore.Account, at: ContinuousClock.Instant)]>([:])
    let lifetime: Duration
    static let capacity = 10_000

    init(lifetime: Duration = .seconds(5)) { self.lifetime = lifetime }

    func account(forToken token: String, lookup: (String) async throws -> AccountStore.Account?) async throws -> AccountStore.Account? {
        let key = SHA256.hash(data: Array(token.utf8))
        let now = ContinuousClock.now
        if let hit = entries.withLockedValue({ $0[key] }), now - hit.at < lifetime { return hit.account }
        let account = try await lookup(token)
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            if let account, !account.disabled { entries[key] = (account, now) } else { entries[key] = nil }
        }
        return account
    }

    func removeAll() { entries.withLockedValue { $0.removeAll() } }
}
