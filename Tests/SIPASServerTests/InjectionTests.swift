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

/// Hostile input against every kind of place it can go: SQL in query parameters, form fields,
/// JSON and names; HTML and script in everything that is echoed back; path traversal in file
/// names and routes. (Forms without their CSRF token: WebTests.everyFormIsRefused….) Each
/// must find nothing: a clear 4xx or a harmless answer, nothing written, nothing echoed raw.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct InjectionTests {
    static let sql = [
        "'; DROP TABLE uploads; --", "18073' OR '1'='1", "1 OR 1=1", "\" OR \"\"=\"", "sipas-2017'); DELETE FROM audit_events; --",
        "%27%3B%20DROP%20TABLE%20units%3B--",
    ]
    static let script = #"<script>alert("sipas")</script>"#
    static let markup = [
        #"<script>alert("sipas")</script>"#, #""><img src=x onerror=alert(1)>"#, "<svg/onload=alert(1)>", "javascript:alert(1)",
    ]

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Nothing that came in as markup goes out as markup.
    static func expectNoRawMarkup(_ text: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for needle in ["<script>alert", "<img src=x", "\"><img", "<svg/onload"] {
            #expect(!text.contains(needle), "\(context): \(needle) came back unescaped", sourceLocation: sourceLocation)
        }
    }

    @Test func sqlInEveryParameterFindsNothing() async throws {
        try await WebFixture.withApp { client, db in
            let token = try await AccountStore(db).createToken(for: "admin", label: "t", actor: "test")
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            _ = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18073"), to: "a.csv", in: try ImportFixture.folder()),
                options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            let before = try await ImportFixture.footprint(db)
            let units = try await db.scalar("SELECT count(*)::int FROM units", as: Int.self)
            for payload in Self.sql {
                let p = Self.encoded(payload)
                let uris = [
                    "/api/reports?survey=\(p)&period=2021-03", "/api/reports?survey=sipas-2017&period=2021-03&units=\(p)",
                    "/api/reports?survey=sipas-2017&period=\(p)", "/api/reports?survey=sipas-2017&period=2021-03&boundaries=\(p)",
                    "/api/surveys/\(p)", "/api/units?on=\(p)", "/api/units?level=\(p)", "/api/uploads/\(p)", "/api/audit?user=\(p)",
                    "/api/exports/counts?survey=\(p)&period=2021-03", "/api/exports/\(p)?survey=sipas-2017&period=2021-03",
                    "/api/compare?survey=sipas-2017&period=2021-03&units=\(p)", "/api/monthly-reports/\(p)",
                    "/api/templates/tallies?survey=sipas-2017&unit=\(p)&period=2021-04",
                ]
                for uri in uris {
                    let response = try await client.execute(uri: uri, method: .get, headers: auth)
                    #expect((400..<500).contains(response.status.code) || response.status == .ok, "\(uri) → \(response.status)")
                    if uri.hasPrefix("/api/audit") {
                        // A name that is no account's finds no event.
                        #expect(String(buffer: response.body) == "[]", "\(uri)")
                    }
                }
                let upload = try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=\(p)&name=\(p)", method: .post, headers: auth,
                    body: ByteBuffer(string: WebFixture.tally("18070")))
                #expect((400..<500).contains(upload.status.code), "upload with survey \(payload) → \(upload.status)")
                let submission = try await client.execute(
                    uri: "/api/submissions", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(
                        string:
                            #"{"client_id": "x", "survey": "sipas-2017", "unit": "\#(payload.replacingOccurrences(of: "\"", with: "\\\""))", "date": "2021-03-05", "answers": {}}"#
                    ))
                #expect(submission.status == .unprocessableContent, "submission for unit \(payload) → \(submission.status)")
                var browser = Browser()
                let login = try await browser.signIn(client, payload, payload)
                // Refused; after five failures from one address, refused before any check.
                #expect(login.status == .unauthorized || login.status == .tooManyRequests, "login as \(payload)")
            }
            // Every table is there, with what it had; only the failed sign-ins were recorded.
            var after = try await ImportFixture.footprint(db)
            let failed = try await AuditLog.events(db).filter { $0.action == "login.fail" }.count
            #expect(failed >= 1)
            after["audit_events"]! -= failed
            #expect(after == before)
            #expect(try await db.scalar("SELECT count(*)::int FROM units", as: Int.self) == units)
        }
    }

    @Test func markupInEveryEchoedFieldIsEscaped() async throws {
        try await WebFixture.withApp { client, db in
            // A unit whose name is markup, with an upload, so that its name shows on pages.
            let rows = try UnitListReader.readUnits(
                text:
                    "code,parent_code,level,type,name\n42-XSS,42,department,department,\"\(Self.script.replacingOccurrences(of: "\"", with: "\"\""))\"\n",
                file: "x.csv")
            _ = try await UnitStore(db).importUnits(
                rows, file: "x.csv", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
            guard
                case .imported(let upload, _) = try await ImportService(db).importTallies(
                    try ImportFixture.write(WebFixture.tally("42-XSS"), to: "x.csv", in: try ImportFixture.folder()),
                    options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            else {
                Issue.record("not imported")
                return
            }

            var admin = Browser()
            _ = try await admin.signIn(client, "admin", WebFixture.password("admin"))
            let csrf = try await admin.sessionCSRF(client)
            var pages: [(String, String)] = []
            for uri in [
                "/uploads/\(upload.id)", "/reports?survey=sipas-2017&period=2021-03&view=1",
                "/reports?survey=sipas-2017&period=2021-03&units=42-XSS&view=1",
            ] {
                pages.append((uri, try await admin.get(client, uri).1))
            }
            #expect(pages[0].1.contains("&lt;script&gt;"), "the unit's name is shown, escaped")
            for payload in Self.markup {
                let p = Self.encoded(payload)
                for uri in [
                    "/reports?survey=\(p)&period=\(p)", "/reports?survey=\(p)&period=2021-03&view=1",
                    "/reports?survey=sipas-2017&period=2021-03&units=\(p)&view=1",
                    "/compare?survey=sipas-2017&period=\(p)", "/uploads/\(p)", "/monthly/\(p)",
                    "/template?survey=\(p)&unit=\(p)&period=2021-04", "/\(p)",
                ] {
                    pages.append((uri, try await admin.get(client, uri).1))
                }
                // In a refused file's cells (echoed in the problem list), its name, and form fields.
                let bad = Array(
                    "unit,period,item,option,count\n18073,2021-03,questionnaires,,\(payload.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\"", with: "'"))\n"
                        .utf8)
                let refused = try await client.execute(
                    uri: "/upload", method: .post, headers: admin.multipartHeaders(),
                    body: Browser.multipart(["_csrf": csrf, "kind": "tallies", "survey": payload], file: ("file", "\(payload).csv", bad)))
                pages.append(("upload of \(payload)", String(buffer: refused.body)))
                let user = try await admin.post(
                    client, "/admin/users",
                    ["_csrf": csrf, "username": payload, "role": payload, "unit": payload, "password": "0123456789ab"])
                pages.append(("account \(payload)", String(buffer: user.body)))
                var stranger = Browser()
                pages.append(("login as \(payload)", String(buffer: try await stranger.signIn(client, payload, "x").body)))
            }
            pages.append(("/uploads", try await admin.get(client, "/uploads").1))
            for (context, page) in pages { Self.expectNoRawMarkup(page, context) }
            // None of the hostile accounts exists.
            #expect(try await db.scalar("SELECT count(*)::int FROM app_users", as: Int.self) == WebFixture.accounts.count)
            // JSON answers carry the text as data, escaped by JSON, with a JSON content type.
            let token = try await AccountStore(db).createToken(for: "admin", label: "t", actor: "test")
            let json = try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2021-03&units=42-XSS", method: .get,
                headers: [.authorization: "Bearer \(token)"])
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = try await client.execute(
                uri: "/api/surveys/\(Self.encoded(Self.script))", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(error.status == .notFound && error.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func pathTraversalReachesNoFile() async throws {
        try await WebFixture.withApp { client, db in
            let token = try await AccountStore(db).createToken(for: "ana", label: "t", actor: "test")
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-traversal-\(UUID().uuidString.prefix(8)).csv")
            let traversal = "../../../../../../..\(target.path)"
            // A file name that climbs out: only its last part is kept, nothing is written there.
            let upload = try await client.execute(
                uri: "/api/uploads", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(Browser.boundary)"],
                body: Browser.multipart(
                    ["kind": "tallies", "survey": "sipas-2017"], file: ("file", traversal, Array(WebFixture.tally("18073").utf8))))
            #expect(upload.status == .created)
            #expect(try await db.scalar("SELECT file_name FROM uploads", as: String.self) == target.lastPathComponent)
            #expect(!FileManager.default.fileExists(atPath: target.path))
            for uri in [
                "/api/surveys/..%2F..%2F..%2Fetc%2Fpasswd", "/api/exports/..%2F..%2Fetc%2Fpasswd?survey=sipas-2017&period=2021-03",
                "/api/monthly-reports/..%2F..%2Fetc%2Fpasswd", "/api/uploads/..%2F1", "/uploads/..%2F..%2Fetc%2Fpasswd",
                "/monthly/..%2F..%2Fetc%2Fpasswd", "/../../../etc/passwd", "/api/../../etc/passwd",
                "/template?survey=..%2F..%2Fetc%2Fpasswd&unit=18073&period=2021-04",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: auth)
                #expect((400..<500).contains(response.status.code), "\(uri) → \(response.status)")
                #expect(!String(buffer: response.body).contains("root:"), "\(uri)")
            }
            // A template's download name cannot carry a path or a header either.
            let template = try await client.execute(
                uri: "/api/templates/tallies?survey=sipas-2017&unit=18073&period=2021-04&format=csv", method: .get, headers: auth)
            #expect(template.headers[.contentDisposition] == "attachment; filename=\"tally-18073-2021-04.csv\"")
        }
    }

    @Test func malformedRequestsGetClear4xxAnswers() async throws {
        try await WebFixture.withApp(configuration: ServerConfiguration(maxUploadBytes: 4096, bcryptCost: 4)) { client, db in
            let token = try await AccountStore(db).createToken(for: "ana", label: "t", actor: "test")
            let before = try await ImportFixture.footprint(db)
            let multipart = "multipart/form-data; boundary=\(Browser.boundary)"
            let cases: [(HTTPFields, ByteBuffer, HTTPResponse.Status, String)] = [
                // Malformed multipart: no closing boundary / garbage / no boundary parameter / no file part.
                (
                    [.contentType: multipart],
                    ByteBuffer(string: "--\(Browser.boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ntallies"),
                    .badRequest, "multipart"
                ),
                ([.contentType: multipart], ByteBuffer(string: "this is not multipart at all"), .badRequest, "multipart"),
                ([.contentType: "multipart/form-data"], ByteBuffer(string: "x"), .badRequest, "boundary"),
                (
                    [.contentType: multipart], Browser.multipart(["kind": "tallies", "survey": "sipas-2017"], file: nil), .badRequest,
                    "file"
                ),
                (
                    [.contentType: multipart],
                    Browser.multipart(
                        ["kind": "tallies", "survey": "sipas-2017"],
                        file: ("file", "big.csv", Array(repeating: UInt8(ascii: "x"), count: 10_000))), .contentTooLarge, "limit"
                ),
                // Wrong kind, missing survey.
                (
                    [.contentType: multipart],
                    Browser.multipart(
                        ["kind": "../../etc", "survey": "sipas-2017"], file: ("file", "a.csv", Array(WebFixture.tally("18073").utf8))),
                    .badRequest, "kind"
                ),
                (
                    [.contentType: multipart],
                    Browser.multipart(["kind": "tallies"], file: ("file", "a.csv", Array(WebFixture.tally("18073").utf8))), .badRequest,
                    "survey"
                ),
                // A picture sent as a tally file.
                (
                    [.contentType: multipart],
                    Browser.multipart(
                        ["kind": "tallies", "survey": "sipas-2017"],
                        file: ("file", "photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])), .unprocessableContent,
                    "photo.png"
                ),
            ]
            for (headers, body, status, message) in cases {
                var all = headers
                all[.authorization] = "Bearer \(token)"
                let response = try await client.execute(uri: "/api/uploads", method: .post, headers: all, body: body)
                #expect(response.status == status, "\(message): \(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains(message), "\(message): \(String(buffer: response.body))")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            #expect(try await ImportFixture.footprint(db) == before)
            // A web form in a content type no form has.
            var admin = Browser()
            _ = try await admin.signIn(client, "admin", WebFixture.password("admin"))
            let signedIn = try await ImportFixture.footprint(db)
            var headers = admin.headers
            headers[.contentType] = "application/xml"
            let xml = try await client.execute(uri: "/upload", method: .post, headers: headers, body: ByteBuffer(string: "<a/>"))
            #expect(xml.status == .unsupportedMediaType)
            #expect(try await ImportFixture.footprint(db) == signedIn)
        }
    }
}
