import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASServer
import SIPASStore
import SIPASTestSupport
import Testing

/// What an upload's answer may show: the sender's own file name, never the server's temporary
/// path; and an earlier upload of the same file only to someone whose area covers it.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct UploadLeakTests {
    @Test func aBrokenFileIsNamedAsSentNotByItsTemporaryPath() async throws {
        try await APITests().withApp { client, _, tokens in
            for (name, bytes) in [("bao-cao-thang-3.xlsx", "this is no zip archive"), ("bao-cao.csv", "unit;period\n\u{0}\u{1}\u{2}")] {
                let response = try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=\(name)", method: .post, headers: APITests.auth(tokens.analyst),
                    body: ByteBuffer(string: bytes))
                let body = String(buffer: response.body)
                #expect((400..<500).contains(response.status.code), "\(name): \(response.status)")
                #expect(body.contains(name), "\(name): \(body)")
                #expect(!body.contains("sipas-upload-") && !body.contains("/tmp"), "\(name): \(body)")
            }
        }
    }

    @Test func aDuplicateOfAnotherAreasUploadIsNotAnswered() async throws {
        try await APITests().withApp { client, _, tokens in
            // The analyst uploads 18076's tally; the clerk of 18073 sends the very same bytes.
            let file = ByteBuffer(string: APITests.tally("18076"))
            let first = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=ky-anh.csv", method: .post, headers: APITests.auth(tokens.analyst),
                body: file)
            #expect(first.status == .created)
            let again = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=copy.csv", method: .post, headers: APITests.auth(tokens.clerk),
                body: file)
            let body = String(buffer: again.body)
            #expect(again.status == .forbidden, "\(again.status): \(body)")
            #expect(!body.contains("ky-anh.csv"), "\(body)")
            // The analyst (province-wide) is told it is a duplicate.
            let repeated = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=again.csv", method: .post, headers: APITests.auth(tokens.analyst),
                body: file)
            #expect(repeated.status == .ok, "\(repeated.status)")
            #expect(String(buffer: repeated.body).contains("ky-anh.csv"))
        }
    }
}
