import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 15, point 5: `POST /api/submissions/batch` answers for each questionnaire (stored,
/// already stored, refused with its reason), stores the valid ones in one transaction, and
/// counts them as a file of the same questionnaires would be counted.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct BatchSubmissionTests {
    static func post(
        _ client: any TestClientProtocol, _ token: String, _ body: String, type: String = "application/json"
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/submissions/batch", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: type],
            body: ByteBuffer(string: body))
    }

    static func receipt(_ response: TestResponse) throws -> [String: Any] {
        try #require(APITests.json(response) as? [String: Any])
    }

    static func items(_ receipt: [String: Any]) throws -> [[String: Any]] {
        try #require(receipt["items"] as? [[String: Any]])
    }

    /// `n` questionnaires of sipas-2017 for three units in March and April 2021, answered at
    /// random (a fifth of the items left out): as JSON objects and as rows of a questionnaire
    /// file under `header`.
    static func questionnaires(_ survey: Survey, n: Int, seed: UInt64) -> (json: [[String: Any]], header: [String], rows: [[String]]) {
        var random = SeededGenerator(state: seed)
        let items = survey.allItems.filter { !($0.kind == .profile && $0.options.isEmpty) }
        let header = ["unit", "date", "channel"] + items.map(\.code)
        var objects: [[String: Any]] = []
        var rows: [[String]] = []
        for i in 0..<n {
            let unit = ["18070", "18073", "18076"][i % 3]
            let date = "2021-0\(3 + i % 2)-\(String(format: "%02d", 1 + i % 28))"
            let channel = ["kiosk", "web"][(i / 3) % 2]
            var answers: [String: Any] = [:]
            var row = [unit, date, channel]
            for item in items {
                if Int.random(in: 0..<5, using: &random) == 0 {
                    row.append("")
                    continue
                }
                switch item.kind {
                case .satisfaction:
                    let level = Int.random(in: 1...5, using: &random)
                    answers[item.code] = level
                    row.append(String(level))
                case .multipleChoice:
                    let picks = Set(
                        (0..<Int.random(in: 1...2, using: &random)).map { _ in item.options.randomElement(using: &random)!.code }
                    ).sorted()
                    answers[item.code] = picks
                    row.append(picks.joined(separator: "|"))
                default:
                    let code = item.options.randomElement(using: &random)!.code
                    answers[item.code] = code
                    row.append(code)
                }
            }
            objects.append([
                "client_id": "batch-\(i)", "survey": "sipas-2017", "unit": unit, "date": date, "channel": channel, "answers": answers,
            ])
            rows.append(row)
        }
        return (objects, header, rows)
    }

    /// The counts of submissions (folded) or of active uploads, by unit, month, item, option
    /// and channel.
    static func counts(_ db: Database, view: String) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        let rows = try await db.client.query(
            .init(
                unsafeSQL: """
                    SELECT u.code || ' ' || c.period_start::text || ' ' || c.item_code || ' ' || c.option_code || ' ' || c.channel,
                           sum(c.count)::int
                    FROM \(view) c JOIN units u USING (unit_id) GROUP BY 1
                    """), logger: db.logger)
        for try await (key, n) in rows.decode((String, Int).self) { result[key] = n }
        return result
    }

    @Test func fiveThousandWithOneInvalidStore4999CountedLikeTheSameFile() async throws {
        try await WebFixture.withApp { client, db in
            let token = try await AccountStore(db).createToken(for: "admin", label: "portal", actor: "test")
            let (_, survey) = try await SurveyStore(db).get(code: "sipas-2017")
            let generated = Self.questionnaires(survey, n: 5_000, seed: 15)
            var (objects, rows) = (generated.json, generated.rows)
            let invalid = 1_234
            var answers = objects[invalid]["answers"] as! [String: Any]
            answers["1.1"] = "7"
            objects[invalid]["answers"] = answers
            rows.remove(at: invalid)
            let body = String(decoding: try JSONSerialization.data(withJSONObject: objects), as: UTF8.self)

            let response = try await Self.post(client, token, body)
            #expect(response.status == .ok)
            let receipt = try Self.receipt(response)
            #expect(receipt["stored"] as? Int == 4_999)
            #expect(receipt["duplicates"] as? Int == 0)
            #expect(receipt["refused"] as? Int == 1)
            let items = try Self.items(receipt)
            #expect(items.count == 5_000)
            let refused = items.filter { $0["status"] as? String == "refused" }
            #expect(refused.count == 1)
            #expect(refused.first?["index"] as? Int == invalid)
            #expect(refused.first?["client_id"] as? String == "batch-\(invalid)")
            let problem = try #require(refused.first?["problem"] as? [String: Any])
            #expect(problem["type"] as? String == "urn:sipas:problem:invalid-content")
            #expect(problem["field"] as? String == "answers.1.1")
            #expect("\(problem["problems"] ?? "")".contains("1.1"))
            #expect(items.enumerated().allSatisfy { $0.element["index"] as? Int == $0.offset })
            #expect(Set(items.compactMap { $0["response_id"] as? Int }).count == 4_999)
            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL", as: Int.self) == 4_999)

            // Sent again: every one already stored, nothing more stored.
            let again = try Self.receipt(try await Self.post(client, token, body))
            #expect(again["stored"] as? Int == 0)
            #expect(again["duplicates"] as? Int == 4_999)
            #expect(again["refused"] as? Int == 1)
            let ids = try Self.items(again).compactMap { $0["response_id"] as? Int }
            #expect(ids == items.compactMap { $0["response_id"] as? Int })
            #expect(try await db.scalar("SELECT count(*)::int FROM responses WHERE upload_id IS NULL", as: Int.self) == 4_999)

            // The same 4,999 questionnaires imported as a file give the same counts.
            try await SubmissionStore(db).fold()
            let submitted = try await Self.counts(db, view: "submission_counts")
            #expect(submitted.filter { $0.key.contains(" questionnaires ") }.values.reduce(0, +) == 4_999)
            let file = try ImportFixture.write(
                ([generated.header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n", to: "batch.csv",
                in: try ImportFixture.folder())
            guard
                case .imported(let upload, _) = try await ImportService(db).importQuestionnaires(
                    file, options: .init(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!))
            else {
                Issue.record("expected an import")
                return
            }
            #expect(upload.questionnaires == 4_999)
            let imported = try await Self.counts(db, view: "item_counts")
            #expect(!imported.isEmpty)
            #expect(imported == submitted)
        }
    }

    @Test func aKioskBatchAsJSONLinesIsAnsweredItemByItem() async throws {
        try await WebFixture.withApp { client, db in
            try await AccountStore(db).add(username: "kiosk-namha", role: .kiosk, unitCode: "18073", passwordHash: nil, actor: "test")
            let token = try await AccountStore(db).createToken(for: "kiosk-namha", label: "k", actor: "test")
            func line(_ id: String, unit: String = "18073", answers: String = #"{"1.1": 5}"#) -> String {
                String(buffer: SubmissionTests.body(id, unit: unit, answers: answers))
            }
            let body = [
                line("q-1"), line("q-2", unit: "18076"), "", line("q-1"), line("q-1", answers: #"{"1.1": 1}"#), "{oops",
                String(buffer: SubmissionTests.body("q-3", extra: #", "admin": true"#)), line("q-4"),
            ].joined(separator: "\n")
            let response = try await Self.post(client, token, body, type: "application/x-ndjson")
            #expect(response.status == .ok)
            let receipt = try Self.receipt(response)
            #expect(receipt["stored"] as? Int == 2)
            #expect(receipt["duplicates"] as? Int == 1)
            #expect(receipt["refused"] as? Int == 4)
            let items = try Self.items(receipt)
            #expect(
                items.map { $0["status"] as? String } == ["stored", "refused", "already_stored", "refused", "refused", "refused", "stored"])
            #expect(items.map { $0["index"] as? Int } == Array(0..<7))
            func problem(_ i: Int) -> [String: Any] { items[i]["problem"] as? [String: Any] ?? [:] }
            // Another unit: refused like a single questionnaire would be.
            #expect(problem(1)["type"] as? String == "urn:sipas:problem:forbidden")
            #expect(items[1]["client_id"] as? String == "q-2")
            // The first q-1 again is a retry; with other content, a conflict naming the stored one.
            #expect(items[2]["response_id"] as? Int == items[0]["response_id"] as? Int)
            #expect(problem(3)["type"] as? String == "urn:sipas:problem:submission-conflict")
            #expect(problem(3)["id"] as? Int == items[0]["response_id"] as? Int)
            #expect(problem(4)["type"] as? String == "urn:sipas:problem:invalid-body")
            #expect(problem(5)["field"] as? String == "admin")
            #expect(items[5]["client_id"] as? String == "q-3")
            #expect((problem(5)["detail"] as? String)?.contains("Không có trường admin") == true)
            #expect(try await SubmissionLimitTests.stored(db) == ["q-1", "q-4"])
            // The same as JSON lines of another name, and retried: nothing more.
            let retry = try Self.receipt(try await Self.post(client, token, line("q-4") + "\n", type: "application/jsonl"))
            #expect(retry["duplicates"] as? Int == 1)
            #expect(try await SubmissionLimitTests.stored(db) == ["q-1", "q-4"])
        }
    }

    @Test func aBatchTooLargeMalformedOrOfTheWrongTypeIsRefusedWhole() async throws {
        try await WebFixture.withApp { client, db in
            let token = try await AccountStore(db).createToken(for: "admin", label: "portal", actor: "test")
            let viewer = try await AccountStore(db).createToken(for: "viewer", label: "v", actor: "test")
            let before = try await ImportFixture.footprint(db)
            let tooMany = "[" + Array(repeating: "{}", count: SubmissionBatch.maxItems + 1).joined(separator: ",") + "]"
            let cases: [(String, String, String, HTTPResponse.Status, String, String)] = [
                (token, tooMany, "application/json", .contentTooLarge, "too-large", "tối đa 5000 phiếu"),
                (token, #"[{"client_id": "a""#, "application/json", .badRequest, "invalid-body", "không phải JSON"),
                (token, String(buffer: SubmissionTests.body("a")), "application/json", .badRequest, "invalid-body", "mảng JSON"),
                (token, "[]", "text/plain", .unsupportedMediaType, "unsupported-media-type", "application/x-ndjson"),
                (viewer, "[]", "application/json", .forbidden, "forbidden", "không được gửi phiếu"),
            ]
            for (who, body, type, status, kind, detail) in cases {
                let response = try await Self.post(client, who, body, type: type)
                #expect(response.status == status, "\(body.prefix(40))")
                let problem = try SubmissionLimitTests.problem(response)
                #expect(problem["type"] as? String == "urn:sipas:problem:\(kind)")
                #expect((problem["detail"] as? String)?.contains(detail) == true, "\(problem)")
            }
            let empty = try Self.receipt(try await Self.post(client, token, "[]"))
            #expect(empty["stored"] as? Int == 0 && (empty["items"] as? [Any])?.isEmpty == true)
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }
}
