import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASStore

/// Sessions and tokens end when they should: disabling an account, a new password or a new
/// role ends every session and revokes every token, and enabling it again brings none back;
/// tokens expire and can be revoked one by one.
@Suite struct AccountLifecycleTests {
    static func signedIn(_ store: AccountStore, _ name: String) async throws -> (session: String, token: String) {
        let account = try #require(try await store.list().first { $0.username == name })
        let session = try await store.createSession(for: account, lifetime: 3600, address: "127.0.0.1")
        let token = try await store.createToken(for: name, label: "t", actor: "test")
        #expect(try await store.session(forToken: session.token) != nil)
        #expect(try await store.account(forToken: token) != nil)
        return (session.token, token)
    }

    @Test func disableEnablePasswordAndRoleEndEverything() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = AccountStore(db)
            try await store.add(username: "clerk", role: .uploader, unitCode: "18073", passwordHash: nil, actor: "test")

            var (session, token) = try await Self.signedIn(store, "clerk")
            try await store.setDisabled("clerk", true, actor: "test")
            try await store.setDisabled("clerk", false, actor: "test")
            #expect(try await store.session(forToken: session) == nil)
            #expect(try await store.account(forToken: token) == nil)

            (session, token) = try await Self.signedIn(store, "clerk")
            try await store.setPassword("clerk", hash: "$2b$04$abcdefghijklmnopqrstuu", actor: "test")
            #expect(try await store.session(forToken: session) == nil)
            #expect(try await store.account(forToken: token) == nil)

            (session, token) = try await Self.signedIn(store, "clerk")
            try await store.setRole("clerk", role: .kiosk, unitCode: "18073", actor: "test")
            #expect(try await store.session(forToken: session) == nil)
            #expect(try await store.account(forToken: token) == nil)
            #expect(try await store.list().first { $0.username == "clerk" }?.role == .kiosk)
        }
    }

    @Test func tokensExpireAreRevokedOneByOneAndRememberTheirLastUse() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = AccountStore(db)
            try await store.add(username: "kiosk-namha", role: .kiosk, unitCode: "18073", passwordHash: nil, actor: "test")
            try await store.add(username: "ana", role: .analyst, unitCode: nil, passwordHash: nil, actor: "test")
            let first = try await store.createToken(for: "kiosk-namha", label: "a", actor: "test")
            let second = try await store.createToken(for: "kiosk-namha", label: "b", actor: "test")
            let person = try await store.createToken(for: "ana", label: "p", actor: "test")

            // Default lifetimes: a year for a device, 90 days for a person (measured in the database).
            let kioskDays = try await db.scalar(
                "SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int FROM api_tokens WHERE label = 'a'", as: Int.self)
            let personDays = try await db.scalar(
                "SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int FROM api_tokens WHERE label = 'p'", as: Int.self)
            #expect(kioskDays == 365 && personDays == 90)

            #expect(try await store.account(forToken: first)?.role == .kiosk)
            let listed = try await store.tokens(of: "kiosk-namha")
            #expect(listed.map(\.label) == ["b", "a"])
            #expect(listed.first { $0.label == "a" }?.lastUsedAt != nil && listed.first { $0.label == "b" }?.lastUsedAt == nil)
            #expect(try await store.list().first { $0.username == "kiosk-namha" }?.lastUsedAt != nil)

            // Revoke one: the other still works.
            let idA = try #require(listed.first { $0.label == "a" }?.id)
            #expect(try await store.revokeTokens(of: "kiosk-namha", id: idA, actor: "test") == 1)
            #expect(try await store.account(forToken: first) == nil)
            #expect(try await store.account(forToken: second) != nil)
            await #expect(throws: DatabaseError.self) { try await store.revokeTokens(of: "kiosk-namha", id: idA, actor: "test") }

            // An expired token answers nothing.
            _ = try await db.scalar(
                "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE label = 'p' RETURNING 1", as: Int.self)
            #expect(try await store.account(forToken: person) == nil)

            // Revoke all.
            #expect(try await store.revokeTokens(of: "kiosk-namha", id: nil, actor: "test") == 1)
            #expect(try await store.account(forToken: second) == nil)
            #expect(try await AuditLog.events(db).filter { $0.action == "token.revoke" }.count == 2)
        }
    }

    @Test func aKioskNeedsAUnit() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            await #expect(throws: AccountError.invalid(username: "kiosk-x")) {
                try await AccountStore(db).add(username: "kiosk-x", role: .kiosk, unitCode: nil, passwordHash: nil, actor: "test")
            }
        }
    }
}
