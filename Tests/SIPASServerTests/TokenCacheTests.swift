import Foundation
import NIOConcurrencyHelpers
import SIPASCore
import Testing

@testable import SIPASServer
@testable import SIPASStore

/// Bearer tokens are looked up once per few seconds, not once per request; only valid
/// accounts are kept; a change made through the service clears the cache.
struct TokenCacheTests {
    final class Lookups: Sendable {
        let count = NIOLockedValueBox(0)
        let answer: NIOLockedValueBox<AccountStore.Account?>
        init(_ answer: AccountStore.Account?) { self.answer = NIOLockedValueBox(answer) }
        func lookup(_ token: String) async throws -> AccountStore.Account? {
            count.withLockedValue { $0 += 1 }
            return answer.withLockedValue { $0 }
        }
        var calls: Int { count.withLockedValue { $0 } }
    }

    static let kiosk = AccountStore.Account(id: 7, username: "kiosk", role: .uploader, unitCode: "18070", disabled: false)

    @Test func aValidTokenIsLookedUpOncePerLifetime() async throws {
        let cache = TokenCache(lifetime: .milliseconds(300))
        let lookups = Lookups(Self.kiosk)
        for _ in 0..<5 { #expect(try await cache.account(forToken: "t1", lookup: lookups.lookup) == Self.kiosk) }
        #expect(lookups.calls == 1)
        // Another token is another entry.
        _ = try await cache.account(forToken: "t2", lookup: lookups.lookup)
        #expect(lookups.calls == 2)
        // After the lifetime the database is asked again: a revocation elsewhere shows.
        try await Task.sleep(for: .milliseconds(350))
        lookups.answer.withLockedValue { $0 = nil }
        #expect(try await cache.account(forToken: "t1", lookup: lookups.lookup) == nil)
        #expect(lookups.calls == 3)
    }

    @Test func unknownAndDisabledAccountsAreNeverKept() async throws {
        let cache = TokenCache(lifetime: .seconds(60))
        let unknown = Lookups(nil)
        for _ in 0..<3 { #expect(try await cache.account(forToken: "nope", lookup: unknown.lookup) == nil) }
        #expect(unknown.calls == 3)
        var disabled = Self.kiosk
        disabled.disabled = true
        let locked = Lookups(disabled)
        for _ in 0..<3 { _ = try await cache.account(forToken: "locked", lookup: locked.lookup) }
        #expect(locked.calls == 3)
    }

    @Test func removeAllForgetsEveryToken() async throws {
        let cache = TokenCache(lifetime: .seconds(60))
        let lookups = Lookups(Self.kiosk)
        _ = try await cache.account(forToken: "t", lookup: lookups.lookup)
        _ = try await cache.account(forToken: "t", lookup: lookups.lookup)
        #expect(lookups.calls == 1)
        cache.removeAll()
        _ = try await cache.account(forToken: "t", lookup: lookups.lookup)
        #expect(lookups.calls == 2)
    }
}
