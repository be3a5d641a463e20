import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// A browser's side of the web pages in tests: the cookies it keeps and the forms it posts.
struct Browser {
    var cookies: [String: String] = [:]
    /// Sent as `X-Forwarded-For` (a client behind a trusted proxy), when set.
    var forwardedFor: String? = nil

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    var headers: HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty { fields[.cookie] = cookieHeader }
        if let forwardedFor { fields[.init("X-Forwarded-For")!] = forwardedFor }
        return fields
    }

    /// Keeps the cookies a response sets (and forgets those it expires).
    mutating func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first?.split(separator: "=", maxSplits: 1).map(String.init) ?? []
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
    }

    /// The value of the first hidden `_csrf` field of a page.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="([0-9a-f]*)""#, options: .regularExpression) else { return nil }
        return String(html[range]).components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
    }

    static let boundary = "sipas-test-boundary-7MA4YWxkTrZu0gW"

    /// A multipart/form-data body with fields and one file.
    static func multipart(_ fields: [String: String], file: (field: String, name: String, bytes: [UInt8])?) -> ByteBuffer {
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    func formHeaders() -> HTTPFields {
        var fields = headers
        fields[.contentType] = "application/x-www-form-urlencoded"
        return fields
    }

    func multipartHeaders() -> HTTPFields {
        var fields = headers
        fields[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
        return fields
    }

    /// GETs a page and returns its status and HTML.
    mutating func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String, TestResponse) {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        keep(response)
        return (response.status, String(buffer: response.body), response)
    }

    /// Posts a urlencoded form.
    mutating func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [String: String]) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .post, headers: formHeaders(), body: Self.form(fields))
        keep(response)
        return response
    }

    /// Signs in through the form; returns the response of the post.
    mutating func signIn(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> TestResponse {
        let (_, page, _) = try await get(client, "/login")
        let token = try #require(Self.csrf(in: page))
        return try await post(client, "/login", ["_csrf": token, "username": username, "password": password])
    }

    /// The CSRF token of the signed-in session (read from a page's form).
    mutating func sessionCSRF(_ client: any TestClientProtocol) async throws -> String {
        let (_, page, _) = try await get(client, "/uploads")
        return try #require(Self.csrf(in: page))
    }
}

/// The app on a migrated test database with the sipas-2017 survey, Hà Tĩnh's units and
/// accounts with passwords: admin, ana (analyst), clerk (uploader for 18073), district
/// (uploader for 436), viewer. Passwords are "<name>-password-1"; bcrypt cost 4 keeps tests fast.
enum WebFixture {
    static let accounts: [(String, Role, String?)] = [
        ("admin", .admin, nil), ("ana", .analyst, nil), ("clerk", .uploader, "18073"), ("district", .uploader, "436"),
        ("viewer", .viewer, nil),
    ]

    static func password(_ name: String) -> String { "\(name)-password-1" }

    static func withApp(
        configuration: ServerConfiguration = .testing(),
        mode: TestingSetup = .router,
        _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            for (name, role, unit) in accounts {
                let hash = try await Passwords.hash(password(name), cost: 4)
                _ = try await AccountStore(db).add(username: name, role: role, unitCode: unit, passwordHash: hash, actor: "test")
            }
            let app = Application(router: buildRouter(database: db, configuration: configuration))
            try await app.test(mode) { client in try await ContractCheck.checking(client) { try await body($0, db) } }
        }
    }

    static func tally(_ unit: String, period: String = "2021-03", satisfied: Int = 30) -> String {
        "unit,period,item,option,count\n\(unit),\(period),questionnaires,,40\n\(unit),\(period),1.1,4,\(satisfied)\n\(unit),\(period),1.1,2,\(40 - satisfied)\n"
    }
}

extension ServerConfiguration {
    /// The tests' settings: small uploads, fast bcrypt, and — since the fixtures' questionnaires
    /// are dated 2021 — single submissions of any past month (`SubmissionLimitTests` checks the
    /// window). The submission rate is the default one.
    static func testing(maxUploadBytes: Int = 1 << 20, bcryptCost: UInt8 = 4) -> ServerConfiguration {
        var configuration = ServerConfiguration(maxUploadBytes: maxUploadBytes, bcryptCost: bcryptCost)
        configuration.submissionWindow = SubmissionWindow(months: 0)
        return configuration
    }
}
