import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Single questionnaires from kiosks and the portal: idempotent by client id, counted once,
/// beside paper tallies of the same unit and month, refused clearly when malformed.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct SubmissionTests {
    static func body(
        _ id: String, unit: String = "18073", date: String = "2021-03-05", answers: String = #"{"1.1": 5, "1.2": "4", "5.1": "2"}"#,
        extra: String = ""
    ) -> ByteBuffer {
        ByteBuffer(
            string:
                #"{"client_id": "\#(id)", "survey": "sipas-2017", "unit": "\#(unit)", "date": "\#(date)", "channel": "kiosk", "answers": \#(answers)\#(extra)}"#
        )
    }

    static func headers(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    func withKiosk(
        configuration: ServerConfiguration = .testing(),
        _ body: @escaping @Sendable (any TestClientProtocol, Database, String) async throws -> Void
    ) async throws {
        try await WebFixture.withApp(configuration: configuration) { client, db in
            // A kiosk is an uploader account for its unit, with a token.
            let token = try await AccountStore(db).createToken(for: "clerk", label: "kiosk-1", actor: "test")
            try await body(client, db, token)
        }
    }

    @Test func aRetryNeverCountsTwiceAndSubmissionsAddToPaperTallies() async throws {
        try await withKiosk { client, db, token in
            // Paper: 40 questionnaires of 18073 in March, 30 satisfied with 1.1.
            _ = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18073"), to: "paper.csv", in: try ImportFixture.folder()),
                options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            let first = try await client.execute(
                uri: "/api/submissions", method: .post, headers: Self.headers(token), body: Self.body("kiosk-1-000001"))
            #expect(first.status == .created)
            for _ in 0..<3 {
                let retry = try await client.execute(
                    uri: "/api/submissions", method: .post, headers: Self.headers(token), body: Self.body("kiosk-1-000001"))
                #expect(retry.status == .ok)
                #expect(String(buffer: retry.body).contains("already stored"))
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL", as: Int.self) == 1)
            // Counted once, beside the paper tally: 41 questionnaires, 31 satisfied with 1.1.
            let report = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: Period("2021-03")!, to: Period("2021-03")!, unitCodes: ["18073"], today: .today())
            ).report
            let unit = try #require(report.units.first { $0.code == "18073" })
            #expect(unit.respondents == 41)
            // The submission is counted from its answers until it is folded into its vector.
            #expect(try await db.scalar("SELECT count(*)::int FROM submission_counts", as: Int.self) == 0)
            #expect(try await SubmissionStore(db).fold() == 1)
            #expect(try await SubmissionStore(db).fold() == 0)
            let folded = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: Period("2021-03")!, to: Period("2021-03")!, unitCodes: ["18073"], today: .today())
            ).report
            #expect(folded.units == report.units)
            let counts = try await db.scalar(
                """
                SELECT sum(count)::int FROM submission_counts c JOIN units u USING (unit_id)
                WHERE u.code = '18073' AND c.item_code = '1.1' AND c.option_code = '5' AND c.channel = 'kiosk'
                """, as: Int.self)
            #expect(counts == 1)
            // Replacing the paper tally leaves the kiosk's questionnaire alone.
            _ = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18073", satisfied: 20), to: "paper2.csv", in: try ImportFixture.folder()),
                options: .init(surveyCode: "sipas-2017", replace: true, actor: "test", today: .today()))
            let again = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: Period("2021-03")!, to: Period("2021-03")!, unitCodes: ["18073"], today: .today())
            ).report
            #expect(again.units.first { $0.code == "18073" }?.respondents == 41)
        }
    }

    @Test func concurrentRetriesOfOneQuestionnaireStoreItOnce() async throws {
        try await withKiosk { client, db, token in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/submissions", method: .post, headers: Self.headers(token), body: Self.body("kiosk-race-1")
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .ok }.count == 15)
            #expect(try await db.scalar("SELECT count(*)::int FROM responses", as: Int.self) == 1)
            try await SubmissionStore(db).fold()
            #expect(
                try await db.scalar("SELECT sum(count)::int FROM submission_counts WHERE item_code = 'questionnaires'", as: Int.self) == 1)
        }
    }

    /// Submissions are stored by themselves and folded into their monthly vectors later:
    /// reports count the same before, during and after folding; folds running at once take
    /// different rows; nothing is counted twice.
    @Test func foldingChangesNoNumber() async throws {
        // 120 questionnaires from one token as fast as the test can send them: no rate limit.
        var configuration = ServerConfiguration.testing()
        configuration.submissionRate = .off
        try await withKiosk(configuration: configuration) { client, db, _ in
            let admin = try await AccountStore(db).createToken(for: "admin", label: "portal", actor: "test")
            var random = SeededGenerator(state: 7)
            let units = ["18070", "18073", "18076"]
            let levels = ["1", "2", "3", "4", "5", ""]
            let yesNo = ["yes", "no", ""]
            var sent = 0
            for i in 0..<120 {
                var answers = [
                    "1.1": levels.randomElement(using: &random)!, "2.3": levels.randomElement(using: &random)!,
                    "5.4": levels.randomElement(using: &random)!, "obs.late": yesNo.randomElement(using: &random)!,
                ]
                answers = answers.filter { !$0.value.isEmpty }
                let json = "{" + answers.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}"
                let body = ByteBuffer(
                    string:
                        #"{"client_id": "fold-\#(i)", "survey": "sipas-2017", "unit": "\#(units.randomElement(using: &random)!)", "date": "2021-0\#(Int.random(in: 2...4, using: &random))-1\#(Int.random(in: 0...9, using: &random))", "channel": "\#(["kiosk", "web"].randomElement(using: &random)!)", "answers": \#(json)}"#
                )
                let response = try await client.execute(uri: "/api/submissions", method: .post, headers: Self.headers(admin), body: body)
                #expect(response.status == .created, "\(String(buffer: response.body))")
                sent += 1
            }
            let (surveyID, _) = try await SurveyStore(db).get(code: "sipas-2017")
            func counts() async throws -> [Period: [Int: ItemCounts]] {
                try await ReportStore(db).countsByPeriod(surveyID: surveyID, from: Period("2021-01")!, to: Period("2021-06")!)
            }
            let before = try await counts()
            #expect(before.values.flatMap(\.values).reduce(0) { $0 + $1.questionnaires } == sent)
            // Four folds at once, in batches of 7: every submission folded exactly once.
            let folded = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await SubmissionStore(db).fold(batch: 7) } }
                return try await group.reduce(0, +)
            }
            #expect(folded == sent)
            #expect(try await SubmissionStore(db).fold() == 0)
            #expect(try await counts() == before)
            #expect(
                try await db.scalar("SELECT sum(count)::int FROM submission_counts WHERE item_code = 'questionnaires'", as: Int.self)
                    == sent)
            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL AND NOT folded", as: Int.self) == 0)
        }
    }

    @Test func malformedSubmissionsAreRefusedClearlyAndWriteNothing() async throws {
        try await withKiosk { client, db, token in
            let before = try await ImportFixture.footprint(db)
            let cases: [(ByteBuffer, HTTPFields, HTTPResponse.Status, String)] = [
                (ByteBuffer(string: "{not json"), Self.headers(token), .badRequest, "not valid JSON"),
                (ByteBuffer(string: "[1,2]"), Self.headers(token), .badRequest, "must be a JSON object"),
                (Self.body("a", extra: #", "admin": true"#), Self.headers(token), .badRequest, "unknown field admin"),
                (
                    ByteBuffer(string: #"{"client_id": 12, "survey": "sipas-2017", "unit": "18073", "date": "2021-03-05", "answers": {}}"#),
                    Self.headers(token), .badRequest, "client_id must be a string"
                ),
                (
                    ByteBuffer(string: #"{"survey": "sipas-2017", "unit": "18073", "date": "2021-03-05", "answers": {}}"#),
                    Self.headers(token), .badRequest, "client_id is required"
                ),
                (Self.body("b", answers: #"{"1.1": true}"#), Self.headers(token), .badRequest, "answers.1.1 must be an option code"),
                (Self.body("c", answers: #"{"1.1": {"x": 1}}"#), Self.headers(token), .badRequest, "answers.1.1 must be an option code"),
                (Self.body("d", answers: #"{"9.9": "5"}"#), Self.headers(token), .unprocessableContent, "has no item 9.9"),
                (Self.body("e", answers: #"{"1.1": "7"}"#), Self.headers(token), .unprocessableContent, "out of range"),
                (Self.body("f", date: "2021-02-30"), Self.headers(token), .unprocessableContent, "is not a date"),
                (Self.body("g", date: "2999-01-01"), Self.headers(token), .unprocessableContent, "in the future"),
                (Self.body("h", unit: "99999"), Self.headers(token), .unprocessableContent, "99999"),
                (
                    Self.body("i"), [.authorization: "Bearer \(token)", .contentType: "text/plain"], .unsupportedMediaType,
                    "application/json"
                ),
                (Self.body("j", unit: "18070"), Self.headers(token), .forbidden, "18073"),
                (Self.body("k"), [.contentType: "application/json"], .unauthorized, "sign in"),
                (ByteBuffer(string: String(repeating: " ", count: 70_000)), Self.headers(token), .contentTooLarge, "64 KB"),
            ]
            for (body, headers, status, message) in cases {
                let response = try await client.execute(uri: "/api/submissions", method: .post, headers: headers, body: body)
                #expect(response.status == status, "\(String(buffer: body).prefix(80))")
                let text = String(buffer: response.body)
                #expect(text.contains(message), "\(String(buffer: body).prefix(80)) → \(text)")
            }
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }
}
