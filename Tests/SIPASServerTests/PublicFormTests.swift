import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// The public questionnaire behind a link, through the production router and the real
/// PostgreSQL: the whole survey in order, one questionnaire per form however often it is sent,
/// a Vietnamese message next to a field left out with the other answers kept, and links that
/// are revoked or whose unit was merged say so.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct PublicFormTests {
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func body(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._")
        return ByteBuffer(
            string: fields.map {
                "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
            }
            .joined(separator: "&"))
    }

    static func formID(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /name="_form" value="([A-Za-z0-9_-]+)"/))
        return String(match.1)
    }

    /// An answer to every question of the form: the first option of each (the top level of
    /// a satisfaction scale, 5), text for open profile questions.
    static func answers(_ survey: Survey, leaving skipped: String? = nil) -> [(String, String)] {
        PublicForm.build(survey).sections.flatMap(\.questions).filter { $0.code != skipped }.map { q in
            (q.field, q.input == .text ? "Hà Tĩnh" : q.options[0].code)
        }
    }

    static func responses(_ db: Database) async throws -> [String] {
        try await db.client.withConnection { connection in
            var rows: [String] = []
            for try await (channel, by, date) in try await connection.query(
                "SELECT channel, submitted_by, response_date::text FROM responses ORDER BY response_id", logger: db.logger
            ).decode((String, String, String).self) { rows.append("\(channel) \(by) \(date)") }
            return rows
        }
    }

    @Test func aCitizenAnswersOnceThroughTheLink() async throws {
        try await WebFixture.withApp { client, db in
            let survey = try await SurveyStore(db).get(code: "sipas-2017").survey
            let today = CalendarDate.today()
            let link = try await CollectionService(db: db).makeLink(
                surveyCode: "sipas-2017", unitCode: "18073", until: nil, actor: "ana", today: today)
            let path = "/s/\(link.token)"
            let form = try await client.execute(uri: path, method: .get)
            let page = String(buffer: form.body)
            #expect(form.status == .ok)
            #expect(page.contains("Phường Nam Hà"))
            // Every item of the survey file, in order, the profile questions last.
            let order =
                survey.allItems.filter { $0.group != .profile && $0.kind != .profile }
                + survey.allItems.filter { $0.group == .profile || $0.kind == .profile }
            let positions = order.map { item in page.range(of: "id=\"q-\(item.code)\"")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "missing: \(zip(order, positions).filter { $0.1 == nil }.map(\.0.code))")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            #expect(!page.contains("class=\"error\"") && !page.contains("class=\"flash bad\""))
            #expect(!page.contains(">nil<") && !page.contains("\nnil"), "no Optional printed as nil")
            let id = try Self.formID(in: page)

            // A criterion left out: its message beside it, the other answers kept, nothing stored.
            let skipped = survey.elements[0].items[1].code
            let incomplete = try await client.execute(
                uri: path, method: .post, headers: Self.formHeaders,
                body: Self.body([("_form", id)] + Self.answers(survey, leaving: skipped)))
            let again = String(buffer: incomplete.body)
            #expect(incomplete.status == .unprocessableContent)
            let field = try #require(again.range(of: "id=\"q-\(skipped)\""))
            let message = try #require(again.range(of: PublicForm.missingMessage))
            #expect(field.lowerBound < message.lowerBound)
            #expect(again[field.lowerBound..<message.lowerBound].count < 400, "the message stands next to its field")
            #expect(again.components(separatedBy: "<p class=\"error\"").count == 2, "one message, for the one question left out")
            #expect(!again.contains(">nil<") && !again.contains("\nnil"), "no Optional printed as nil")
            let first = survey.elements[0].items[0].code
            #expect(again.contains("id=\"q-\(first)-1\" name=\"q-\(first)\" value=\"5\" checked"))
            #expect(try Self.formID(in: again) == id)
            #expect(try await Self.responses(db).isEmpty)

            // Complete: stored once, however often the same form is sent.
            for _ in 0..<3 {
                let sent = try await client.execute(
                    uri: path, method: .post, headers: Self.formHeaders, body: Self.body([("_form", id)] + Self.answers(survey)))
                #expect(sent.status == .seeOther)
                #expect(sent.headers[.location] == path + "/cam-on")
            }
            #expect(try await Self.responses(db) == ["web link:\(link.id) \(today)"])
            let thanks = try await client.execute(uri: path + "/cam-on", method: .get)
            #expect(thanks.status == .ok && String(buffer: thanks.body).contains("Cảm ơn"))
            // Counted in the month's report like every other questionnaire, with its answers.
            let month = Period.month(today.year, today.month)
            let (report, _) = try await ReportService(db).report(
                .init(surveyCode: "sipas-2017", from: month, to: month, unitCodes: ["18073"], today: today))
            #expect(report.units.first?.respondents == 1)
            #expect(report.units.first?.overall.index == 100)

            // A new form (a second citizen) is a second questionnaire.
            let second = try Self.formID(in: String(buffer: try await client.execute(uri: path, method: .get).body))
            #expect(second != id)
            _ = try await client.execute(
                uri: path, method: .post, headers: Self.formHeaders, body: Self.body([("_form", second)] + Self.answers(survey)))
            #expect(try await Self.responses(db).count == 2)
        }
    }

    @Test func revokedUnknownAndMergedLinksSaySo() async throws {
        try await WebFixture.withApp { client, db in
            let service = CollectionService(db: db)
            let revoked = try await service.makeLink(
                surveyCode: "sipas-2017", unitCode: "18073", until: nil, actor: "ana", today: .today())
            try await CollectionLinkStore(db).revoke(String(revoked.id), actor: "ana")
            let gone = try await client.execute(uri: "/s/\(revoked.token)", method: .get)
            #expect(gone.status == .gone)
            #expect(String(buffer: gone.body).contains("thu hồi"))
            let post = try await client.execute(
                uri: "/s/\(revoked.token)", method: .post, headers: Self.formHeaders,
                body: Self.body([("_form", CollectionService.newToken())]))
            #expect(post.status == .gone)
            let unknown = try await client.execute(uri: "/s/\(CollectionService.newToken())", method: .get)
            #expect(unknown.status == .notFound)

            // Bắc Hà's link, made before 1 July 2025, after the merger: it names Thành Sen.
            let bacHa = try await service.makeLink(
                surveyCode: "sipas-2017", unitCode: "18077", until: nil, actor: "ana", today: CalendarDate("2025-06-01")!)
            try await ImportFixture.reorganise2025(db)
            let merged = try await client.execute(uri: "/s/\(bacHa.token)", method: .get)
            let text = String(buffer: merged.body)
            #expect(merged.status == .gone)
            #expect(text.contains("Phường Bắc Hà không còn tồn tại từ ngày 1/7/2025"), "\(text)")
            #expect(text.contains("Thành Sen (mã 18073)"), "\(text)")
            #expect(try await Self.responses(db).isEmpty)
        }
    }

    /// A burst through one link, or from one address through several, is held back (buckets that
    /// refill one a minute, so the test's own pace cannot refill them): 429 with
    /// Retry-After, the form again with its answers, and nothing stored beyond the limit.
    @Test func aBurstThroughALinkOrFromAnAddressIsHeldBack() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.linkRate = SubmissionRate(perMinute: 1, burst: 5)
        configuration.addressRate = SubmissionRate(perMinute: 1, burst: 8)
        try await WebFixture.withApp(configuration: configuration) { client, db in
            let survey = try await SurveyStore(db).get(code: "sipas-2017").survey
            let service = CollectionService(db: db)
            let first = try await service.makeLink(surveyCode: "sipas-2017", unitCode: "18073", until: nil, actor: "ana", today: .today())
            let second = try await service.makeLink(surveyCode: "sipas-2017", unitCode: "18076", until: nil, actor: "ana", today: .today())
            func send(_ link: CollectionLinkStore.Link) async throws -> TestResponse {
                try await client.execute(
                    uri: "/s/\(link.token)", method: .post, headers: Self.formHeaders,
                    body: Self.body([("_form", CollectionService.newToken())] + Self.answers(survey)))
            }
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 { statuses.append(try await send(first).status) }
            #expect(statuses == Array(repeating: .seeOther, count: 5) + [.tooManyRequests, .tooManyRequests])
            let held = try await send(first)
            let page = String(buffer: held.body)
            #expect(held.status == .tooManyRequests)
            #expect(Int(held.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(page.contains("Có quá nhiều phiếu") && page.contains("value=\"5\" checked"))
            // The other link has room, the address has 8 − 5 = 3 left (refused posts took none).
            statuses = []
            for _ in 0..<4 { statuses.append(try await send(second).status) }
            #expect(statuses == [.seeOther, .seeOther, .seeOther, .tooManyRequests])
            #expect(try await Self.responses(db).count == 8)
        }
    }
}
