import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASServer
import SIPASTestSupport
import Testing

/// Every answer carries the same security headers (JSON, errors, files, pages), HSTS and
/// `Secure` cookies when browsers reach sipas over HTTPS.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct SecurityHeadersTests {
    static func header(_ response: TestResponse, _ name: String) -> String? { response.headers[.init(name)!] }

    static func expectBaseline(_ response: TestResponse, _ what: String) {
        #expect(Self.header(response, "X-Content-Type-Options") == "nosniff", "\(what)")
        #expect(Self.header(response, "X-Frame-Options") == "DENY", "\(what)")
        #expect(Self.header(response, "Referrer-Policy") == "no-referrer", "\(what)")
        let policy = Self.header(response, "Content-Security-Policy") ?? ""
        #expect(policy.contains("frame-ancestors 'none'"), "\(what): \(policy)")
        #expect(!policy.contains("script-src"), "\(what): \(policy)")
    }

    @Test func everyAnswerCarriesTheHeaders() async throws {
        try await WebFixture.withApp { client, _ in
            let unauthorized = try await client.execute(uri: "/api/surveys", method: .get)
            #expect(unauthorized.status == .unauthorized)
            Self.expectBaseline(unauthorized, "401 of the API")
            let missing = try await client.execute(uri: "/no/such/page", method: .get)
            #expect(missing.status == .notFound)
            Self.expectBaseline(missing, "404")
            let health = try await client.execute(uri: "/healthz", method: .get)
            Self.expectBaseline(health, "/healthz")
            let openapi = try await client.execute(uri: "/openapi.json", method: .get)
            Self.expectBaseline(openapi, "/openapi.json")
            // A page keeps its own policy (its styles and forms), with the other headers.
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(Self.header(login, "Content-Security-Policy")?.contains("form-action 'self'") == true)
            #expect(Self.header(login, "Referrer-Policy") == "no-referrer")
            // Plain HTTP on loopback: no HSTS, cookies without Secure.
            for response in [unauthorized, missing, health, login] {
                #expect(Self.header(response, "Strict-Transport-Security") == nil)
            }
            #expect(login.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
        }
    }

    @Test func overHTTPSCookiesAreSecureAndHSTSIsSent() async throws {
        var configuration = ServerConfiguration(maxUploadBytes: 1 << 20, bcryptCost: 4)
        configuration.secureCookies = true
        try await WebFixture.withApp(configuration: configuration) { client, _ in
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(Self.header(login, "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            let cookies = login.headers[values: .setCookie]
            #expect(!cookies.isEmpty && cookies.allSatisfy { $0.contains("Secure") })
            let api = try await client.execute(uri: "/api/surveys", method: .get)
            #expect(Self.header(api, "Strict-Transport-Security") != nil)
        }
    }

    @Test func cookiesAreSecureByDefaultOffLoopback() {
        for host in ["127.0.0.1", "::1", "localhost", "127.0.1.1"] {
            #expect(!ServerConfiguration.defaultSecureCookies(host: host), "\(host)")
        }
        for host in ["0.0.0.0", "10.0.0.5", "sipas.hatinh.gov.vn", "::"] {
            #expect(ServerConfiguration.defaultSecureCookies(host: host), "\(host)")
        }
    }
}
