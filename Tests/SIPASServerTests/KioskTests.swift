import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 13 through the real HTTP stack: a client id belongs to the account that sent it, and
/// a kiosk account posts questionnaires for its unit and nothing else.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct KioskTests {
    static func post(_ client: any TestClientProtocol, _ token: String, id: String, unit: String, answers: String = #"{"1.1": 5}"#)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: "/api/submissions", method: .post, headers: SubmissionTests.headers(token),
            body: SubmissionTests.body(id, unit: unit, answers: answers))
    }

    @Test func twoKiosksMayUseTheSameClientIdAndNeitherQuestionnaireIsLost() async throws {
        try await WebFixture.withApp { client, db in
            let accounts = AccountStore(db)
            try await accounts.add(username: "kiosk-namha", role: .kiosk, unitCode: "18073", passwordHash: nil, actor: "test")
            try await accounts.add(username: "kiosk-bacha", role: .kiosk, unitCode: "18076", passwordHash: nil, actor: "test")
            let namha = try await accounts.createToken(for: "kiosk-namha", label: "k", actor: "test")
            let bacha = try await accounts.createToken(for: "kiosk-bacha", label: "k", actor: "test")

            // 18076's kiosk uses the id first; 18073's own questionnaire with the same id is stored too.
            #expect(try await Self.post(client, bacha, id: "kiosk-000123", unit: "18076").status == .created)
            #expect(try await Self.post(client, namha, id: "kiosk-000123", unit: "18073").status == .created)
            // The same account again: a retry (200) with the same content, a conflict (409) with other content.
            #expect(try await Self.post(client, namha, id: "kiosk-000123", unit: "18073").status == .ok)
            let conflict = try await Self.post(client, namha, id: "kiosk-000123", unit: "18073", answers: #"{"1.1": 1}"#)
            #expect(conflict.status == .conflict)
            #expect(String(buffer: conflict.body).contains("kiosk-000123"))

            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL", as: Int.self) == 2)
            let report = try await ReportService(db).report(
                .init(
                    surveyCode: "sipas-2017", from: Period("2021-03")!, to: Period("2021-03")!, unitCodes: ["18073", "18076"],
                    today: .today())
            ).report
            for code in ["18073", "18076"] {
                let unit = try #require(report.units.first { $0.code == code })
                #expect(unit.respondents == 1)
                // The one stored answer is the first one, 5: nothing was overwritten.
                #expect(unit.criteria.first { $0.code == "1.1" }?.satisfied == 1)
            }
        }
    }

    @Test func aKioskPostsForItsUnitAndReadsNothing() async throws {
        try await WebFixture.withApp { client, db in
            try await AccountStore(db).add(username: "kiosk-namha", role: .kiosk, unitCode: "18073", passwordHash: nil, actor: "test")
            let token = try await AccountStore(db).createToken(for: "kiosk-namha", label: "k", actor: "test")
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await Self.post(client, token, id: "k-1", unit: "18073").status == .created)
            #expect(try await Self.post(client, token, id: "k-2", unit: "18076").status == .forbidden)
            for uri in [
                "/api/uploads", "/api/reports?survey=sipas-2017&period=2021-03",
                "/api/compare?survey=sipas-2017&period=2021-03&units=18073",
                "/api/exports/counts?survey=sipas-2017&period=2021-03", "/api/monthly-reports",
                "/api/templates/tallies?survey=sipas-2017&unit=18073&period=2021-03",
            ] {
                #expect(try await client.execute(uri: uri, method: .get, headers: auth).status == .forbidden, "\(uri)")
            }
            let upload = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=t.csv", method: .post, headers: auth,
                body: ByteBuffer(string: WebFixture.tally("18073")))
            #expect(upload.status == .forbidden)
            // Revoked or expired, the token opens nothing (once the 5-second cache has let it go).
            _ = try await db.scalar("UPDATE api_tokens SET expires_at = now() - interval '1 second' RETURNING 1", as: Int.self)
            try await Task.sleep(for: .seconds(5.2))
            #expect(try await Self.post(client, token, id: "k-3", unit: "18073").status == .unauthorized)
        }
    }
}
