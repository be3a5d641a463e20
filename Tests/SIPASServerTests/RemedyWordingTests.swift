import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import Testing

/// The Store names what to ask for differently (a `Remedy`); each front end words it: the API
/// with its parameters, the upload page in Vietnamese — never with the CLI's flags.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct RemedyWordingTests {
    @Test func aConflictIsWordedForTheAPIAndForTheUploadPage() async throws {
        try await WebFixture.withApp { client, _ in
            var browser = Browser()
            _ = try await browser.signIn(client, "clerk", WebFixture.password("clerk"))
            let csrf = try await browser.sessionCSRF(client)
            func upload(_ name: String, satisfied: Int) async throws -> TestResponse {
                try await client.execute(
                    uri: "/upload", method: .post, headers: browser.multipartHeaders(),
                    body: Browser.multipart(
                        ["_csrf": csrf, "kind": "tallies", "survey": "sipas-2017"],
                        file: ("file", name, Array(WebFixture.tally("18073", satisfied: satisfied).utf8))))
            }
            #expect(try await upload("a.csv", satisfied: 30).status == .seeOther)
            let page = try await upload("b.csv", satisfied: 29)
            #expect(page.status == .conflict)
            let html = String(buffer: page.body)
            #expect(html.contains("đã có số liệu cho 1 đơn vị/kỳ") && html.contains("Thay thế tệp đã tải lên trước"))
            #expect(!html.contains("--replace"))

            let api = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=c.csv", method: .post,
                headers: browser.headers.merging([.contentType: "text/csv", .init("X-CSRF-Token")!: csrf]),
                body: ByteBuffer(string: WebFixture.tally("18073", satisfied: 28)))
            #expect(api.status == .conflict)
            let message = String(buffer: api.body)
            #expect(message.contains("replace=true") && !message.contains("--replace"), "\(message)")
        }
    }
}

private extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        for field in other { fields[field.name] = field.value }
        return fields
    }
}
