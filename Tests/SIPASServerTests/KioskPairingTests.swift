import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASFiles
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 15, point 4: a kiosk is paired once with a one-time code (`sipas kiosk pair`), through
/// `POST /kiosk/pair` on the real router and database; its device token belongs to a kiosk
/// account of the unit, posts a batch and reads nothing.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct KioskPairingTests {
    static func addKioskSurvey(_ db: Database) async throws {
        let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/kiosk-rating.yaml"))
        _ = try await SurveyStore(db).add(survey, actor: "test")
    }

    static func redeem(_ client: any TestClientProtocol, _ code: String, from address: String = "192.0.2.10") async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/kiosk/pair", method: .post,
            headers: [.contentType: "application/json", .init("X-Forwarded-For")!: address],
            body: ByteBuffer(string: #"{"code": "\#(code)"}"#))
    }

    static func detail(_ response: TestResponse) throws -> String {
        let object = try #require(APITests.json(response) as? [String: Any])
        return try #require(object["detail"] as? String)
    }

    @Test func aCodePairsOneTabletOnceAndItsTokenPostsButReadsNothing() async throws {
        try await WebFixture.withApp { client, db in
            try await Self.addKioskSurvey(db)
            let pairing = try await KioskService(db: db).pair(unitCode: "18073", surveyCode: "kiosk-rating", actor: "admin")
            #expect(pairing.code.wholeMatch(of: /[0-9]{4}-[0-9]{4}/) != nil, "\(pairing.code)")
            #expect(pairing.expiresAt > Date().addingTimeInterval(14 * 60) && pairing.expiresAt < Date().addingTimeInterval(16 * 60))
            // Only a hash of the code is stored.
            let digits = pairing.code.replacingOccurrences(of: "-", with: "")
            #expect(
                try await db.scalar("SELECT count(*)::int FROM kiosk_pairings WHERE code_hash::text LIKE '%\(digits)%'", as: Int.self) == 0)

            let paired = try await Self.redeem(client, pairing.code)
            #expect(paired.status == .created)
            let device = try #require(APITests.json(paired) as? [String: Any])
            let token = try #require(device["token"] as? String)
            #expect((device["unit"] as? [String: Any])?["code"] as? String == "18073")
            let questions = try #require(device["questions"] as? [[String: Any]])
            #expect(questions.compactMap { $0["code"] as? String } == ["K.1", "K.2", "K.3", "K.4", "K.5", "K.overall"])
            #expect((questions.first?["options"] as? [[String: Any]])?.count == 5)

            // The same code again, typed without its dash: refused, and nothing more is made.
            let again = try await Self.redeem(client, digits)
            #expect(again.status == .conflict)
            #expect(try Self.detail(again).contains("đã được dùng"))
            #expect(try await db.scalar("SELECT count(*)::int FROM app_users WHERE role = 'kiosk'", as: Int.self) == 1)

            // The token is a kiosk account's of 18073, valid for a year.
            let account = try #require(try await AccountStore(db).account(forToken: token))
            #expect(account.role == .kiosk)
            #expect(account.unitCode == "18073")
            let days = try await db.scalar(
                "SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int FROM api_tokens WHERE label = 'kiosk'", as: Int.self
            )
            #expect(days == 365)

            // It posts a batch for its unit (channel kiosk) and reads no report.
            let today = CalendarDate.today().description
            let body = """
                [{"client_id": "kiosk-a", "survey": "kiosk-rating", "unit": "18073", "date": "\(today)", "channel": "kiosk",
                  "answers": {"K.1": "5", "K.2": "4", "K.3": "5", "K.4": "3", "K.5": "4", "K.overall": "5"}}]
                """
            let stored = try await BatchSubmissionTests.post(client, token, body)
            #expect(stored.status == .ok)
            let receipt = try BatchSubmissionTests.receipt(stored)
            #expect(receipt["stored"] as? Int == 1)
            #expect(try await BatchSubmissionTests.post(client, token, body).status == .ok)
            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE channel = 'kiosk'", as: Int.self) == 1)
            let report = try await client.execute(
                uri: "/api/reports?survey=kiosk-rating&period=\(today.prefix(7))", method: .get,
                headers: [.authorization: "Bearer \(token)"])
            #expect(report.status == .forbidden)
        }
    }

    @Test func expiredAndUnknownCodesAreRefusedAndGuessingSlowsDown() async throws {
        // Behind a trusted proxy (X-Forwarded-For names the tablet), the wait after the fourth
        // wrong code a minute: the fifth attempt surely falls within it.
        var configuration = ServerConfiguration.testing()
        configuration.trustedProxies = try TrustedProxies.parse(["127.0.0.1", "::1"]).get()
        configuration.signInPolicy.firstDelay = 60
        try await WebFixture.withApp(configuration: configuration, mode: .live) { client, db in
            try await Self.addKioskSurvey(db)
            let pairing = try await KioskService(db: db).pair(unitCode: "18073", surveyCode: "kiosk-rating", minutes: 5, actor: "admin")
            _ = try await db.scalar(
                "UPDATE kiosk_pairings SET created_at = now() - interval '20 minutes', expires_at = now() - interval '1 second' RETURNING 1",
                as: Int.self)
            let expired = try await Self.redeem(client, pairing.code, from: "192.0.2.20")
            #expect(expired.status == .conflict)
            #expect(try Self.detail(expired).contains("hết hạn"))
            #expect(try await db.scalar("SELECT count(*)::int FROM app_users WHERE role = 'kiosk'", as: Int.self) == 0)

            // Wrong codes from one address: a few are answered, then the address must wait; another
            // address is not slowed down.
            let wrong = pairing.code == "0000-0000" ? "1111-1111" : "0000-0000"
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await Self.redeem(client, wrong, from: "192.0.2.30").status) }
            #expect(statuses.allSatisfy { $0 == .notFound }, "\(statuses)")
            let slowed = try await Self.redeem(client, wrong, from: "192.0.2.30")
            #expect(slowed.status == .tooManyRequests)
            #expect(slowed.headers[.retryAfter] != nil)
            #expect(try await Self.redeem(client, "12", from: "192.0.2.31").status == .notFound)
        }
    }

    @Test func aCodeTypedOnTwoTabletsAtOncePairsOne() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            try await Self.addKioskSurvey(db)
            let service = KioskService(db: db)
            let pairing = try await service.pair(unitCode: "18073", surveyCode: "kiosk-rating", actor: "admin")
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<4 {
                    group.addTask {
                        switch try await service.redeem(code: pairing.code, address: "198.51.100.\(n)") {
                        case .paired: "paired"
                        case .used: "used"
                        case .expired: "expired"
                        case .unknown: "unknown"
                        case .slowDown: "slow"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["paired", "used", "used", "used"])
            #expect(try await db.scalar("SELECT count(*)::int FROM api_tokens", as: Int.self) == 1)
            #expect(
                try await db.scalar(
                    "SELECT count(*)::int FROM audit_events WHERE action IN ('kiosk.pair', 'kiosk.paired')", as: Int.self) == 2)
        }
    }

    @Test func thePageAndItsScriptAreServedUnderThePagesPolicy() async throws {
        try await WebFixture.withApp { client, _ in
            let page = try await client.execute(uri: "/kiosk", method: .get)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(#"<script src="/kiosk.js""#))
            #expect(html.contains("Đang chờ gửi"))
            #expect(!html.contains("<script>"), "no inline script: the policy would block it")
            #expect(page.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            let script = try await client.execute(uri: "/kiosk.js", method: .get)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(String(buffer: script.body).contains("/api/submissions/batch"))
        }
    }
}
