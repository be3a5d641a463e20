import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

@testable import SIPASServer

/// Issue 13, "trust before the doors open": a token sending questionnaires faster than its rate
/// is answered 429 with `Retry-After`; a questionnaire dated in the future or before the
/// submission window is refused naming `date`. Nothing refused is stored; imported files are
/// not limited by the window.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct SubmissionLimitTests {
    static func post(_ client: any TestClientProtocol, _ token: String, id: String, date: String = "2021-03-05") async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/api/submissions", method: .post, headers: SubmissionTests.headers(token), body: SubmissionTests.body(id, date: date))
    }

    static func problem(_ response: TestResponse) throws -> [String: Any] {
        #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        return try #require(APITests.json(response) as? [String: Any])
    }

    static func stored(_ db: Database) async throws -> [String] {
        var ids: [String] = []
        for try await id in try await db.client.query("SELECT client_id FROM responses ORDER BY client_id", logger: db.logger).decode(
            String.self)
        {
            ids.append(id)
        }
        return ids
    }

    /// Two tablets of one kiosk account, each with its own token.
    static func kioskTokens(_ db: Database) async throws -> (String, String) {
        let accounts = AccountStore(db)
        try await accounts.add(username: "kiosk-namha", role: .kiosk, unitCode: "18073", passwordHash: nil, actor: "test")
        return (
            try await accounts.createToken(for: "kiosk-namha", label: "tablet-1", actor: "test"),
            try await accounts.createToken(for: "kiosk-namha", label: "tablet-2", actor: "test")
        )
    }

    @Test func aTokenOverItsRateIsAnswered429WithRetryAfterAndNothingIsStored() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.submissionRate = SubmissionRate(perMinute: 3)
        try await WebFixture.withApp(configuration: configuration) { client, db in
            let (tablet1, tablet2) = try await Self.kioskTokens(db)
            for n in 1...3 { #expect(try await Self.post(client, tablet1, id: "t1-\(n)").status == .created) }
            let refused = try await Self.post(client, tablet1, id: "t1-4")
            #expect(refused.status == .tooManyRequests)
            // One questionnaire comes back every 20 s at 3 a minute.
            let wait = try #require(Int(refused.headers[.retryAfter] ?? ""))
            #expect((1...20).contains(wait))
            let problem = try Self.problem(refused)
            #expect(problem["type"] as? String == "urn:sipas:problem:too-many-requests")
            #expect(problem["status"] as? Int == 429)
            #expect((problem["detail"] as? String)?.contains("phiếu mỗi phút") == true)
            // A retry of a stored questionnaire counts too: the body is not even read.
            #expect(try await Self.post(client, tablet1, id: "t1-1").status == .tooManyRequests)
            // The limit is the token's: the account's other tablet posts at once.
            #expect(try await Self.post(client, tablet2, id: "t2-1").status == .created)
            #expect(try await Self.stored(db) == ["t1-1", "t1-2", "t1-3", "t2-1"])
        }
    }

    @Test func datesOutsideTheWindowAreRefusedNamingTheFieldAndFilesAreNot() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.submissionWindow = .standard
        configuration.today = { CalendarDate(year: 2021, month: 4, day: 10)! }
        try await WebFixture.withApp(configuration: configuration) { client, db in
            let (token, _) = try await Self.kioskTokens(db)
            // This month and the last one, and tomorrow (a device's clock a little ahead).
            for date in ["2021-03-01", "2021-04-10", "2021-04-11"] {
                let response = try await Self.post(client, token, id: "in-\(date)", date: date)
                #expect(response.status == .created, "\(date): \(String(buffer: response.body))")
            }
            let before = try await ImportFixture.footprint(db)
            for (date, vietnamese, english) in [
                ("2021-02-28", "quá cũ", "is before 2021-03-01"), ("2020-04-10", "quá cũ", "is before 2021-03-01"),
                ("2021-04-12", "chưa đến (hôm nay là 2021-04-10)", "is in the future (today is 2021-04-10)"),
                ("2999-01-01", "chưa đến", "is in the future"),
            ] {
                let response = try await Self.post(client, token, id: "out-\(date)", date: date)
                #expect(response.status == .unprocessableContent, "\(date)")
                let problem = try Self.problem(response)
                #expect(problem["type"] as? String == "urn:sipas:problem:invalid-content", "\(date)")
                #expect(problem["field"] as? String == "date", "\(date)")
                #expect((problem["detail"] as? String)?.contains(vietnamese) == true, "\(date): \(problem)")
                #expect((problem["error"] as? String)?.contains(english) == true, "\(date): \(problem)")
                #expect(problem["expected"] as? [String] == ["a date YYYY-MM-DD from 2021-03-01 to 2021-04-11"], "\(date)")
            }
            // A date that is no date is still the validator's problem, listed with its column.
            let notADate = try Self.problem(try await Self.post(client, token, id: "bad", date: "2021-02-30"))
            #expect((notADate["problems"] as? [[String: Any]])?.first?["column"] as? String == "date")
            #expect(try await ImportFixture.footprint(db) == before)
            #expect(try await Self.stored(db) == ["in-2021-03-01", "in-2021-04-10", "in-2021-04-11"])

            // A clerk's file of January is imported: files are not limited by the window.
            let clerk = try await AccountStore(db).createToken(for: "clerk", label: "t", actor: "test")
            let upload = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=january.csv", method: .post,
                headers: [.authorization: "Bearer \(clerk)"], body: ByteBuffer(string: WebFixture.tally("18073", period: "2021-01")))
            #expect(upload.status == .created, "\(String(buffer: upload.body))")
        }
    }

    /// The bucket's arithmetic, on a clock of its own.
    @Test func aKioskAtANormalPaceIsNeverSlowedAndABacklogWaitsItsTurn() {
        let limiter = SubmissionRateLimiter(rate: .standard)
        let start = ContinuousClock.now
        let kiosk = SubmissionRateLimiter.Key.account(1)
        // One questionnaire a second for an hour: never refused.
        for second in 0..<3600 { #expect(limiter.take(kiosk, now: start + .seconds(second)) == nil) }
        // A backlog after a minute offline: 60 at once, then one a second.
        let backlog = SubmissionRateLimiter.Key.account(2)
        for _ in 0..<60 { #expect(limiter.take(backlog, now: start) == nil) }
        #expect(limiter.take(backlog, now: start) == 1)
        #expect(limiter.take(backlog, now: start + .milliseconds(500)) == 1)
        #expect(limiter.take(backlog, now: start + .seconds(1)) == nil)
        #expect(SubmissionRateLimiter(rate: .off).take(backlog, now: start) == nil)
    }

    @Test func idleBucketsAreForgottenAndTheirNumberIsBounded() {
        let limiter = SubmissionRateLimiter(rate: SubmissionRate(perMinute: 60), capacity: 100)
        let start = ContinuousClock.now
        for id in 0..<1000 { _ = limiter.take(.account(id), now: start + .milliseconds(id)) }
        #expect(limiter.count <= 100)
        // After a minute every bucket is full again: the next new one sweeps them all away.
        _ = limiter.take(.account(5000), now: start + .seconds(62))
        #expect(limiter.count == 1)
    }

    @Test func rateFlagValues() {
        #expect(SubmissionRate("60/min") == .standard)
        #expect(SubmissionRate("60") == .standard)
        #expect(SubmissionRate("off")?.isOff == true && SubmissionRate("0")?.isOff == true)
        #expect(SubmissionRate("fast") == nil && SubmissionRate("-1") == nil && SubmissionRate("60/h") == nil)
    }
}
