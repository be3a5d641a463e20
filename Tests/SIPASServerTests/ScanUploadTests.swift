import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 16, point 4, on the web: a clerk uploads a scan file on the review page; forms of its
/// own unit are read and stored, a file with a form of a unit outside its area is refused
/// whole with a message naming the unit, and the same file twice changes nothing.
@Suite(
    .enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"),
    .enabled(
        if: PythonTool.isCI || (ImageTool.has("pdftoppm") && PythonTool.has("PIL", "numpy")),
        "poppler-utils, Pillow or numpy missing"))
struct ScanUploadTests {
    /// One form of `unit` printed by sipas, filled and scanned into one PDF by Scripts/scan-corpus.
    static func scannedForm(_ db: Database, unit: String, in folder: URL) async throws -> (bytes: [UInt8], pages: Int) {
        let pdf = folder.appendingPathComponent("forms-\(unit).pdf")
        let printed = try await PaperFormService(db: db).print(
            surveyCode: "sipas-2017", unitCode: unit, count: 1, actor: "test", today: .today(), pdf: pdf)
        let layout = folder.appendingPathComponent("layout-\(unit).json")
        try printed.layout.json().write(to: layout)
        let out = folder.appendingPathComponent("scans-\(unit)")
        let made = try ChildProcess.run(
            [
                TestDatabase.root.appendingPathComponent("Scripts/scan-corpus").path, pdf.path, layout.path, out.path, "--pages",
                "\(printed.pagesPerForm)", "--dpi", "150", "--format", "pdf", "--kinds", "fill,x",
            ], separateErrors: true)
        try #require(made.status == 0, "\(made.stderr)")
        return (Array(try Data(contentsOf: out.appendingPathComponent("scans.pdf"))), printed.pagesPerForm)
    }

    @Test func aClerkUploadsScansOfItsAreaOnly() async throws {
        try await WebFixture.withApp { client, db in
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let own = try await Self.scannedForm(db, unit: "18073", in: folder)
            let other = try await Self.scannedForm(db, unit: "18070", in: folder)
            var browser = Browser()
            _ = try await browser.signIn(client, "clerk", WebFixture.password("clerk"))
            let (status, page, _) = try await browser.get(client, "/scans/review")
            #expect(status == .ok && page.contains("action=\"/scans/upload\""))
            let csrf = try #require(Browser.csrf(in: page))
            func upload(_ bytes: [UInt8], name: String, period: String = "2021-03") async throws -> TestResponse {
                let response = try await client.execute(
                    uri: "/scans/upload", method: .post, headers: browser.multipartHeaders(),
                    body: Browser.multipart(["_csrf": csrf, "survey": "sipas-2017", "period": period], file: ("file", name, bytes)))
                browser.keep(response)
                return response
            }
            func stored() async throws -> Int { try await db.scalar("SELECT count(*)::int FROM scan_files", as: Int.self) ?? -1 }

            // Trần Phú's form (18070), uploaded by Nam Hà's clerk: refused whole, the unit named.
            let refused = try await upload(other.bytes, name: "tran-phu.pdf")
            let refusal = String(buffer: refused.body)
            #expect(refused.status == .forbidden)
            #expect(refusal.contains("tran-phu.pdf") && refusal.contains("18070") && refusal.contains("outside your area"), "\(refusal)")
            #expect(try await stored() == 0)
            #expect(try await db.scalar("SELECT count(*)::int FROM scan_pages", as: Int.self) == 0)

            // A month that is no month: said, nothing read.
            let badMonth = try await upload(own.bytes, name: "nam-ha.pdf", period: "2021-3")
            #expect(badMonth.status == .badRequest && String(buffer: badMonth.body).contains("2021-3"))
            #expect(try await stored() == 0)

            // Its own form: read and stored, the page says what came of it.
            let accepted = try await upload(own.bytes, name: "nam-ha.pdf")
            #expect(accepted.status == .seeOther)
            let location = try #require(accepted.headers[.location])
            #expect(location.hasPrefix("/scans/review?pages=\(own.pages)&"), "\(location)")
            #expect(try await stored() == 1)
            #expect(
                try await db.scalar(
                    "SELECT count(*)::int FROM scan_files WHERE name = 'nam-ha.pdf' AND imported_by = 'clerk'", as: Int.self)
                    == 1)
            let (_, after, _) = try await browser.get(client, location)
            #expect(after.contains("Đã nhận \(own.pages) trang"))

            // The same file again: nothing changes.
            let again = try await upload(own.bytes, name: "nam-ha-lan-2.pdf")
            #expect(again.status == .seeOther && again.headers[.location] == "/scans/review?already=1")
            #expect(try await stored() == 1)
        }
    }
}
