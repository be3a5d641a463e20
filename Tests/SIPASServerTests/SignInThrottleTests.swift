import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Sign-in throttling per (name, address) through the real HTTP stack: an attacker's address
/// is slowed, the account is not locked; the client address comes from a trusted proxy only.
@Suite(.serialized, .enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct SignInThrottleTests {
    static let attacker = "203.0.113.9"
    static let admin = "198.51.100.7"
    /// A minute after the first failure that is not free: no test is fast enough to outwait it.
    static var slow: ServerConfiguration {
        var configuration = ServerConfiguration(maxUploadBytes: 1 << 20, bcryptCost: 4)
        configuration.signInPolicy.firstDelay = 60
        return configuration
    }

    @Test func fiveWrongPasswordsSlowTheAddressNotTheAccount() async throws {
        var configuration = Self.slow
        configuration.trustedProxies = try TrustedProxies.parse(["127.0.0.1", "::1"]).get()
        try await WebFixture.withApp(configuration: configuration, mode: .live) { client, db in
            var attacker = Browser(forwardedFor: Self.attacker)
            var statuses: [HTTPResponse.Status] = []
            for attempt in 1...5 {
                statuses.append(try await attacker.signIn(client, "admin", "guess-\(attempt)").status)
            }
            // Three free failures, a fourth that costs a minute of waiting, and the fifth waits.
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            let slowed = try await attacker.signIn(client, "admin", WebFixture.password("admin"))
            #expect(slowed.status == .tooManyRequests)
            #expect(Int(slowed.headers[.retryAfter] ?? "") != nil)
            #expect(attacker.cookies["sipas_session"] == nil)

            // The real admin, elsewhere, signs in at once.
            var real = Browser(forwardedFor: Self.admin)
            let signedIn = try await real.signIn(client, "admin", WebFixture.password("admin"))
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/")
            #expect(real.cookies["sipas_session"] != nil)

            // The audit trail has the attacker's address (from the trusted proxy), not the proxy's.
            let failures = try await AuditLog.events(db).filter { $0.action == "login.fail" }
            #expect(failures.count == 4)
            #expect(failures.allSatisfy { $0.detailFields["address"] == Self.attacker })
        }
    }

    @Test func anUntrustedPeerCannotChooseItsAddress() async throws {
        // No trusted proxy: X-Forwarded-For is ignored, so changing it does not escape the delay.
        try await WebFixture.withApp(configuration: Self.slow, mode: .live) { client, db in
            var statuses: [HTTPResponse.Status] = []
            for attempt in 1...5 {
                var browser = Browser(forwardedFor: "192.0.2.\(attempt)")
                statuses.append(try await browser.signIn(client, "viewer", "guess-\(attempt)").status)
            }
            #expect(statuses.last == .tooManyRequests)
            let addresses = Set(
                try await AuditLog.events(db).filter { $0.action == "login.fail" }.compactMap { $0.detailFields["address"] })
            #expect(addresses.count == 1)
            #expect(!addresses.contains { $0.hasPrefix("192.0.2.") })
        }
    }

    @Test func anUnknownNameIsAuditedOnlyHashed() async throws {
        try await WebFixture.withApp { client, db in
            var browser = Browser()
            let typed = "correct horse battery staple"
            #expect(try await browser.signIn(client, typed, "x").status == .unauthorized)
            let events = try await AuditLog.events(db).filter { $0.action == "login.fail" }
            #expect(events.count == 1)
            let recorded = try #require(events.first?.objectID)
            #expect(!recorded.contains("horse"))
            #expect(recorded.hasPrefix("?") && recorded.count == 17)
            // A known name is recorded as it is.
            #expect(try await browser.signIn(client, "ana", "wrong").status == .unauthorized)
            #expect(try await AuditLog.events(db).contains { $0.action == "login.fail" && $0.objectID == "ana" })
            // The throttle keeps neither name nor address in clear.
            let keys = try await db.scalar("SELECT string_agg(encode(key, 'escape'), '') FROM login_throttle", as: String.self) ?? ""
            #expect(!keys.contains("horse") && !keys.contains("ana"))
        }
    }

    @Test func anAttemptIsReservedBeforeThePasswordIsChecked() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = SignInThrottleStore(db)
            let key = SignInThrottleStore.key(username: "admin", address: "203.0.113.9")
            #expect(try await store.reserve(key: key, window: 3600) == .granted(failures: 0))
            // While that attempt runs, a parallel one of the same pair waits.
            guard case .wait(let seconds) = try await store.reserve(key: key, window: 3600) else {
                Issue.record("a second reservation of a pair in flight was granted")
                return
            }
            #expect(seconds > 0)
            // Another address is not held up.
            let other = SignInThrottleStore.key(username: "admin", address: "198.51.100.7")
            #expect(try await store.reserve(key: other, window: 3600) == .granted(failures: 0))
            // A failure without delay releases the pair, and is counted.
            try await store.finish(key: key, succeeded: false) { _ in 0 }
            #expect(try await store.reserve(key: key, window: 3600) == .granted(failures: 1))
            try await store.finish(key: key, succeeded: true) { _ in 0 }
            #expect(try await store.reserve(key: key, window: 3600) == .granted(failures: 0))
        }
    }

    /// Runs `body` while the gate's only place is taken by a check that waits for it.
    static func whileHolding(_ gate: WorkGate, _ body: () async throws -> Void) async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await gate.run {
                startedContinuation.yield()
                for await _ in release { break }
            }
        }
        for await _ in started { break }
        defer { releaseContinuation.yield() }  // also when `body` throws: never leave the holder waiting
        try await body()
        releaseContinuation.yield()
        try await holder.value
    }

    @Test func aSignInRefusedAsBusyDoesNotCount() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let gate = WorkGate(.passwordCheck, running: 1, waiting: 0)
            try await Self.whileHolding(gate) {
                for _ in 1...5 {
                    await #expect(throws: WorkGate.Busy.self) {
                        _ = try await SignIn(db).attempt(username: "admin", password: "x", address: "203.0.113.9", gate: gate)
                    }
                }
            }
            // None of the five counted: the pair's next attempt is free, with no failure on record.
            let key = SignInThrottleStore.key(username: "admin", address: "203.0.113.9")
            #expect(try await SignInThrottleStore(db).reserve(key: key, window: 3600) == .granted(failures: 0))
            #expect(try await AuditLog.events(db).filter { $0.action == "login.fail" }.isEmpty)
        }
    }

    @Test func delaysGrowAndAreBounded() {
        let policy = SignIn.Policy()
        #expect((1...9).map { policy.delay(afterFailures: $0) } == [0, 0, 0, 2, 4, 8, 16, 32, 64])
        #expect(policy.delay(afterFailures: 40) == 900)
    }

    @Test func theGateRefusesBeyondItsQueue() async throws {
        let gate = WorkGate(.passwordCheck, running: 1, waiting: 0)
        try await Self.whileHolding(gate) {
            await #expect(throws: WorkGate.Busy.self) { try await gate.run {} }
        }
        try await gate.run {}
        #expect(await gate.load.running == 0)
    }

    @Test func trustedProxiesAreParsedAndMatched() throws {
        let proxies = try TrustedProxies.parse(["10.0.0.0/8", "::1", "192.168.1.7"]).get()
        #expect(proxies.trusts("10.200.3.4") && proxies.trusts("::1") && proxies.trusts("192.168.1.7"))
        #expect(!proxies.trusts("11.0.0.1") && !proxies.trusts("192.168.1.8") && !proxies.trusts("unknown"))
        // The right-most hop that is not a proxy of ours is the client.
        #expect(proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["6.6.6.6, 203.0.113.9", "10.1.1.1"]) == "203.0.113.9")
        // From an untrusted peer the header says nothing.
        #expect(proxies.clientAddress(peer: "8.8.8.8", forwardedFor: ["203.0.113.9"]) == "8.8.8.8")
        // Garbage in the header does not become an address.
        #expect(proxies.clientAddress(peer: "10.0.0.2", forwardedFor: ["<script>"]) == "10.0.0.2")
        if case .success = TrustedProxies.parse(["10.0.0.0/33"]) { Issue.record("a /33 IPv4 range was accepted") }
        if case .success = TrustedProxies.parse(["proxy.local"]) { Issue.record("a host name was accepted") }
    }
}
