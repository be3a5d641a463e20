import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 15, point 3: a link made with `--require-dossier` asks for the number on the
/// receipt, accepts a dossier of its unit returned within the link's days, once; a second use,
/// an unknown number, another unit's dossier, one not returned or returned too long ago are
/// refused with a Vietnamese message beside the field, the answers kept, and nothing stored.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct DossierLinkTests {
    static func days(before today: CalendarDate, _ n: Int) -> CalendarDate {
        var day = today
        for _ in 0..<n { day = day.previousDay }
        return day
    }

    static func responses(_ db: Database) async throws -> Int {
        try await db.scalar("SELECT count(*)::int FROM responses", as: Int.self) ?? -1
    }

    @Test func oneQuestionnairePerDossier() async throws {
        try await WebFixture.withApp { client, db in
            let survey = try await SurveyStore(db).get(code: "sipas-2017").survey
            let today = CalendarDate.today()
            let (recent, old) = (Self.days(before: today, 3), Self.days(before: today, 45))
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = try ImportFixture.write(
                """
                dossier,unit,received,returned
                HS-001,18073,\(Self.days(before: today, 10)),\(recent)
                HS-002,18073,\(Self.days(before: today, 50)),\(old)
                HS-003,18073,\(recent),
                HS-004,18073,\(Self.days(before: today, 10)),\(recent)
                HS-900,18070,\(Self.days(before: today, 10)),\(recent)

                """, to: "ho-so.csv", in: folder)
            _ = try await DossierService(db: db).importFile(list, actor: "ana")
            let link = try await CollectionService(db: db).makeLink(
                surveyCode: "sipas-2017", unitCode: "18073", until: nil, requireDossier: true, dossierDays: 30, actor: "ana", today: today)
            let path = "/s/\(link.token)"
            let field = CollectionService.dossierField

            func newForm() async throws -> String {
                let page = String(buffer: try await client.execute(uri: path, method: .get).body)
                #expect(page.contains("name=\"\(field)\""), "the form asks for the dossier number")
                return try PublicFormTests.formID(in: page)
            }
            func send(_ form: String, dossier: String?) async throws -> (HTTPResponse.Status, String) {
                let fields = [("_form", form)] + (dossier.map { [(field, $0)] } ?? []) + PublicFormTests.answers(survey)
                let response = try await client.execute(
                    uri: path, method: .post, headers: PublicFormTests.formHeaders, body: PublicFormTests.body(fields))
                return (response.status, String(buffer: response.body))
            }

            // Refused, each with its message beside the field, the number typed kept, nothing stored.
            let refusals: [(String?, String)] = [
                (nil, DossierService.Refusal.empty.message),
                ("HS-XYZ", DossierService.Refusal.unknown("HS-XYZ").message),
                ("HS-900", DossierService.Refusal.unknown("HS-900").message),
                ("HS-003", DossierService.Refusal.notReturned("HS-003").message),
                ("HS-002", DossierService.Refusal.outOfWindow("HS-002", returned: old, days: 30).message),
            ]
            for (number, message) in refusals {
                let (status, page) = try await send(try await newForm(), dossier: number)
                #expect(status == .unprocessableContent, "\(number ?? "no number")")
                let input = try #require(page.range(of: "id=\"\(field)\""), "\(number ?? "")")
                let shown = try #require(page.range(of: message.replacingOccurrences(of: "“", with: "&#8220;")) ?? page.range(of: message))
                #expect(abs(page.distance(from: input.lowerBound, to: shown.lowerBound)) < 600, "the message stands next to the field")
                if let number { #expect(page.contains("value=\"\(number)\""), "the number typed is kept") }
                // The answers are kept too.
                let first = survey.elements[0].items[0].code
                #expect(page.contains("id=\"q-\(first)-1\" name=\"q-\(first)\" value=\"5\" checked"))
            }
            #expect(try await Self.responses(db) == 0)

            // A valid number: stored once, whatever a reload or a second tap sends.
            let form = try await newForm()
            for _ in 0..<3 {
                let (status, _) = try await send(form, dossier: " HS-001 ")
                #expect(status == .seeOther)
            }
            #expect(try await Self.responses(db) == 1)
            // Another form with the same dossier: refused, nothing stored.
            let (status, page) = try await send(try await newForm(), dossier: "HS-001")
            #expect(status == .unprocessableContent)
            #expect(
                page.contains(DossierService.Refusal.answered("HS-001").message.replacingOccurrences(of: "“", with: "&#8220;"))
                    || page.contains(DossierService.Refusal.answered("HS-001").message))
            #expect(try await Self.responses(db) == 1)

            // Two forms of one dossier at the same moment: exactly one is stored.
            let (a, b) = (try await newForm(), try await newForm())
            async let first = send(a, dossier: "HS-004")
            async let second = send(b, dossier: "HS-004")
            let statuses = [try await first.0, try await second.0]
            #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.filter { $0 == .unprocessableContent }.count == 1)
            #expect(try await Self.responses(db) == 2)
            let claims = try await db.scalar("SELECT count(*)::int FROM dossier_answers", as: Int.self)
            #expect(claims == 2)
        }
    }
}
