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

/// Answers through a public link that no person could have given: a burst from one address is
/// held back by the rate limits, the answers it still stores are flagged (posted sooner after
/// the form opened than a second a question, and beyond five from one address in ten
/// minutes), and a report can leave them out and say how many — the same before and after the
/// service folds them into the monthly vectors. No address is stored, only a salted hash.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct FlaggedAnswerTests {
    static func stored(_ db: Database) async throws -> (total: Int, flagged: Int, hashes: [Int], withAddress: Int) {
        try await db.client.withConnection { connection in
            var result = (total: 0, flagged: 0, hashes: [Int](), withAddress: 0)
            for try await (flag, hashLength, text) in try await connection.query(
                "SELECT flag, length(address_hash), r::text FROM responses r WHERE upload_id IS NULL", logger: db.logger
            ).decode((String?, Int?, String).self) {
                result.total += 1
                if flag != nil { result.flagged += 1 }
                if let hashLength { result.hashes.append(hashLength) }
                if text.contains("203.0.113.7") { result.withAddress += 1 }
            }
            return result
        }
    }

    @Test func aBurstFromOneAddressIsLimitedFlaggedAndLeftOutOnRequest() async throws {
        // The service's own defaults: 30 a minute per link, 20 per address.
        try await WebFixture.withApp { client, db in
            let survey = try await SurveyStore(db).get(code: "sipas-2017").survey
            let today = CalendarDate.today()
            let link = try await CollectionService(db: db).makeLink(
                surveyCode: "sipas-2017", unitCode: "18073", until: nil, actor: "ana", today: today)
            let path = "/s/\(link.token)"

            // 200 posts in about ten seconds, each on a form just fetched, as a script would.
            var statuses: [HTTPResponse.Status] = []
            let started = ContinuousClock.now
            for _ in 0..<200 {
                let page = String(buffer: try await client.execute(uri: path, method: .get).body)
                let id = try PublicFormTests.formID(in: page)
                let opened = String(try #require(page.firstMatch(of: /name="_opened" value="([0-9a-f-]+)"/)).1)
                let response = try await client.execute(
                    uri: path, method: .post, headers: PublicFormTests.formHeaders,
                    body: PublicFormTests.body([("_form", id), ("_opened", opened)] + PublicFormTests.answers(survey)))
                statuses.append(response.status)
                try await Task.sleep(for: .milliseconds(45))
            }
            let seconds = Double((ContinuousClock.now - started).components.seconds)
            let accepted = statuses.filter { $0 == .seeOther }.count
            let limited = statuses.filter { $0 == .tooManyRequests }.count
            #expect(accepted + limited == 200)
            // The address's bucket: 20 at once, then 20 a minute.
            #expect(accepted >= 20 && Double(accepted) <= 20 + 20 * (seconds + 1) / 60, "\(accepted) stored in \(seconds) s")
            var rows = try await Self.stored(db)
            #expect(rows.total == accepted)
            #expect(rows.flagged == accepted, "every answer of the burst is flagged")
            #expect(rows.hashes.count == accepted && rows.hashes.allSatisfy { $0 == 32 }, "a SHA-256 of the address, never the address")

            // Three people from another address, each an hour after opening the form.
            let screening = AnswerScreening(db: db)
            let questions = PublicForm.build(survey).sections.reduce(0) { $0 + $1.questions.count }
            for _ in 0..<3 {
                let id = CollectionService.newToken()
                let stamp = try await screening.openedStamp(formID: id, now: Date().addingTimeInterval(-3600))
                let provenance = try await screening.provenance(
                    formID: id, stamp: stamp, questions: questions, address: "203.0.113.7", today: today)
                #expect(provenance.flag == nil)
                var posted: [String: [String]] = [:]
                for (field, value) in PublicFormTests.answers(survey) { posted[field, default: []].append(value) }
                let outcome = try await CollectionService(db: db).submit(
                    link: link, survey: survey, form: id, posted: posted, today: today, provenance: provenance)
                #expect(outcome == .thanks)
            }
            rows = try await Self.stored(db)
            #expect(rows.total == accepted + 3 && rows.flagged == accepted)
            #expect(rows.withAddress == 0, "the address itself is stored nowhere")

            // The month's report, counting flagged answers or leaving them out — before and
            // after the answers are folded into the vectors.
            let month = Period.month(today.year, today.month)
            func report(excluding: Bool) async throws -> Report {
                try await ReportService(db).report(
                    ReportService.Request(
                        surveyCode: "sipas-2017", from: month, to: month, unitCodes: ["18073"], today: today, excludeFlagged: excluding)
                ).report
            }
            for stage in ["not folded", "folded"] {
                if stage == "folded" { #expect(try await SubmissionStore(db).fold() == accepted + 3) }
                let all = try await report(excluding: false)
                let honest = try await report(excluding: true)
                #expect(all.units.first?.respondents == accepted + 3, "\(stage)")
                #expect(all.excludedFlagged == nil, "\(stage)")
                #expect(honest.units.first?.respondents == 3, "\(stage)")
                #expect(honest.excludedFlagged == accepted, "\(stage)")
                let text = ReportText.render(honest, survey: survey)
                #expect(text.contains("Đã loại \(accepted) phiếu bị gắn cờ"), "\(stage)")
            }

            // The API says the same (its JSON checked against the OpenAPI document).
            let token = try await AccountStore(db).createToken(for: "ana", label: "test", actor: "test")
            let response = try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=\(month)&units=18073&exclude_flagged=true&by_channel=true", method: .get,
                headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .ok)
            let served = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body))
            #expect(served.excludedFlagged == accepted && served.units.first?.respondents == 3)
            #expect(served.channels?.first?.channels.map(\.channel) == ["web"] && served.channels?.first?.channels.first?.respondents == 3)
        }
    }

    @Test func onlyAStampThisServiceSignedForThisFormShowsWhenItWasOpened() async throws {
        try await TestDatabase.withMigrated { db in
            let screening = AnswerScreening(db: db)
            let id = CollectionService.newToken()
            let now = Date()
            let stamp = try await screening.openedStamp(formID: id, now: now.addingTimeInterval(-100))
            let open = try #require(try await screening.secondsOpen(formID: id, stamp: stamp, now: now))
            #expect(abs(open - 100) < 1.5)
            // Another form's id, a changed time, a made-up signature, rubbish: no stamp.
            #expect(try await screening.secondsOpen(formID: CollectionService.newToken(), stamp: stamp, now: now) == nil)
            let seconds = stamp.split(separator: "-")[0]
            let forged = "\(Int(seconds)! - 1000)-" + stamp.split(separator: "-")[1]
            #expect(try await screening.secondsOpen(formID: id, stamp: forged, now: now) == nil)
            #expect(try await screening.secondsOpen(formID: id, stamp: "\(seconds)-" + String(repeating: "0", count: 64), now: now) == nil)
            #expect(try await screening.secondsOpen(formID: id, stamp: "tomorrow", now: now) == nil)
            // A second service (another process) signs and checks with the same stored key.
            #expect(try await AnswerScreening(db: db).secondsOpen(formID: id, stamp: stamp, now: now) != nil)

            // 34 questions at a second each: 33 s is too fast, 35 s is not; no stamp is too fast.
            func flag(_ stamp: String?) async throws -> SubmissionStore.Flag? {
                try await screening.provenance(formID: id, stamp: stamp, questions: 34, address: "198.51.100.1", today: .today(), now: now)
                    .flag
            }
            #expect(try await flag(try await screening.openedStamp(formID: id, now: now.addingTimeInterval(-33))) == .fast)
            #expect(try await flag(try await screening.openedStamp(formID: id, now: now.addingTimeInterval(-35))) == nil)
            #expect(try await flag(nil) == .fast)

            // The day's salt: the same address hashes alike within a day and differently the
            // next; salts older than yesterday are deleted.
            let day = CalendarDate.today()
            let a = try await screening.addressHash("198.51.100.1", on: day)
            #expect(try await AnswerScreening(db: db).addressHash("198.51.100.1", on: day) == a)
            #expect(try await AnswerScreening(db: db).addressHash("198.51.100.1", on: day.nextDay) != a)
            _ = try await AnswerScreening(db: db).addressHash("198.51.100.1", on: day.nextDay.nextDay.nextDay)
            let names = try await db.client.withConnection { connection in
                var names: [String] = []
                for try await name in try await connection.query(
                    "SELECT name FROM service_keys WHERE name LIKE 'address:%' ORDER BY name", logger: db.logger
                ).decode(String.self) { names.append(name) }
                return names
            }
            #expect(names == ["address:\(day.nextDay.nextDay.nextDay)"])
        }
    }
}
