import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// The JSON API through the production router, against the real PostgreSQL: every route,
/// the token check, and every permission denial of a unit uploader.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct APITests {
    struct Tokens {
        var analyst: String
        var clerk: String  // uploader for 18073 Phường Nam Hà
        var district: String  // uploader for 436 Thành phố Hà Tĩnh and its communes
        var viewer: String
        var admin: String
    }

    static func tally(_ unit: String) -> String {
        "unit,period,item,option,count\n\(unit),2021-03,questionnaires,,40\n\(unit),2021-03,1.1,4,30\n\(unit),2021-03,1.1,2,10\n"
    }

    func withApp(
        maxUpload: Int = 1 << 20, configuration: ServerConfiguration? = nil, mode: TestingSetup = .router,
        _ body: @escaping @Sendable (any TestClientProtocol, Database, Tokens) async throws -> Void
    ) async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let accounts = AccountStore(db)
            var tokens = Tokens(analyst: "", clerk: "", district: "", viewer: "", admin: "")
            for (name, role, unit) in [
                ("ana", Role.analyst, nil), ("clerk", .uploader, "18073"), ("district", .uploader, "436"), ("viewer", .viewer, nil),
                ("admin", .admin, nil),
            ] as [(String, Role, String?)] {
                _ = try await accounts.add(username: name, role: role, unitCode: unit, passwordHash: nil, actor: "test")
                let token = try await accounts.createToken(for: name, label: "test", actor: "test")
                switch name {
                case "ana": tokens.analyst = token
                case "clerk": tokens.clerk = token
                case "district": tokens.district = token
                case "admin": tokens.admin = token
                default: tokens.viewer = token
                }
            }
            let router = buildRouter(database: db, configuration: configuration ?? .testing(maxUploadBytes: maxUpload, bcryptCost: 12))
            let app = Application(router: router)
            let frozen = tokens
            try await app.test(mode) { client in try await ContractCheck.checking(client) { try await body($0, db, frozen) } }
        }
    }

    static func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ response: TestResponse) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(buffer: response.body))
    }

    @Test func healthMetricsAndOpenAPI() async throws {
        try await withApp { client, _, _ in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("http_server_request_duration"))
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try #require(Self.json(response) as? [String: Any])
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                // Every route the router serves is in the document, with its method.
                for route in ServiceRoutes.all {
                    #expect(
                        paths[route.path]?[route.method.lowercased()] != nil, "\(route.method) \(route.path) is missing from /openapi.json")
                }
                #expect(paths.count == Set(ServiceRoutes.all.map(\.path)).count)
            }
        }
    }

    @Test func everyDocumentedRouteIsServed() async throws {
        try await withApp { client, db, tokens in
            // A public questionnaire link (its pages answer 404 for a token that is no link).
            let link = try await CollectionService(db: db).makeLink(
                surveyCode: "sipas-2017", unitCode: "18073", until: nil, actor: "test", today: .today())
            for route in ServiceRoutes.all {
                let uri = route.path.replacingOccurrences(of: "{code}", with: "sipas-2017").replacingOccurrences(of: "{id}", with: "999999")
                    .replacingOccurrences(of: "{what}", with: "counts").replacingOccurrences(of: "{name}", with: "nobody")
                    .replacingOccurrences(of: "{token}", with: link.token)
                try await client.execute(uri: uri, method: route.method == "GET" ? .get : .post, headers: Self.auth(tokens.analyst)) {
                    response in
                    #expect(response.status != .methodNotAllowed, "\(route.method) \(route.path)")
                    if uri.contains("999999") && (route.method == "GET" || uri.hasPrefix("/api/")) {
                        // The route exists: the 404 comes from the store and names the object.
                        #expect(response.status == .notFound, "\(route.method) \(route.path)")
                        #expect(String(buffer: response.body).contains("999999"), "\(route.method) \(route.path)")
                    } else {
                        // Served (web forms refuse a post without their CSRF token with 403).
                        #expect(response.status != .notFound, "\(route.method) \(route.path)")
                    }
                }
            }
            // And an unregistered route is a 404, so the checks above can fail.
            try await client.execute(uri: "/api/nothing-here", method: .get, headers: Self.auth(tokens.analyst)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/nothing-here", method: .get, headers: Self.auth(tokens.analyst)) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func reportsComparisonsAndKeptReportsDownloadInEveryFormat() async throws {
        try await withApp { client, db, tokens in
            for unit in ["18070", "18073"] {
                try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=\(unit).csv", method: .post, headers: Self.auth(tokens.analyst),
                    body: ByteBuffer(string: Self.tally(unit))
                ) {
                    #expect($0.status == .created)
                }
            }
            let base = "/api/reports?survey=sipas-2017&period=2021-03"
            try await client.execute(uri: base + "&format=html", method: .get, headers: Self.auth(tokens.viewer)) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("Phường Nam Hà"))
            }
            try await client.execute(uri: base + "&format=xlsx", method: .get, headers: Self.auth(tokens.viewer)) { response in
                #expect(Array(response.body.readableBytesView.prefix(2)) == Array("PK".utf8))
                #expect(response.headers[.contentDisposition]?.contains(".xlsx") == true)
            }
            try await client.execute(uri: base + "&format=csv&table=criteria", method: .get, headers: Self.auth(tokens.viewer)) {
                response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: response.body).contains("1.1"))
            }
            try await client.execute(uri: base + "&format=docx", method: .get, headers: Self.auth(tokens.viewer)) { response in
                #expect(Array(response.body.readableBytesView.prefix(2)) == Array("PK".utf8))
                #expect(response.headers[.contentDisposition]?.contains(".docx") == true)
            }
            try await client.execute(uri: base + "&format=odt", method: .get, headers: Self.auth(tokens.viewer)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/compare?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.viewer))
            { response in
                let units = (Self.json(response) as? [String: Any])?["units"] as? [[String: Any]] ?? []
                #expect(units.contains { $0["code"] as? String == "436" && $0["respondents"] as? Int == 80 })
            }
            // An uploader compares nothing outside its area.
            try await client.execute(uri: "/api/compare?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.clerk)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/compare?survey=sipas-2017&period=2021-03&units=18070", method: .get, headers: Self.auth(tokens.clerk)
            ) { #expect($0.status == .forbidden) }

            let id = try await MonthlyReports(db).generate(surveyCode: "sipas-2017", period: Period("2021-03")!, actor: "test")
            try await client.execute(uri: "/api/monthly-reports", method: .get, headers: Self.auth(tokens.viewer)) { response in
                #expect((Self.json(response) as? [[String: Any]])?.first?["id"] as? Int == id)
            }
            try await client.execute(uri: "/api/monthly-reports/\(id)?part=xlsx", method: .get, headers: Self.auth(tokens.viewer)) {
                #expect(Array($0.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            }
            try await client.execute(uri: "/api/monthly-reports/\(id)", method: .get, headers: Self.auth(tokens.viewer)) { response in
                #expect(((Self.json(response) as? [String: Any])?["units"] as? [Any])?.isEmpty == false)
            }
            try await client.execute(uri: "/api/monthly-reports/\(id)", method: .get, headers: Self.auth(tokens.clerk)) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func exportsStreamAndAnUploaderExportsOnlyItsArea() async throws {
        try await withApp { client, _, tokens in
            for unit in ["18070", "18073"] {
                try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=\(unit).csv", method: .post, headers: Self.auth(tokens.analyst),
                    body: ByteBuffer(string: Self.tally(unit))
                ) {
                    #expect($0.status == .created)
                }
            }
            let analyst = try await client.execute(
                uri: "/api/exports/counts?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.analyst))
            let lines = String(buffer: analyst.body).split(separator: "\r\n")
            #expect(lines.first?.hasSuffix("unit,unit_name,period_kind,period_start,item,option,channel,count") == true)
            #expect(lines.contains { $0.hasPrefix("18070,") } && lines.contains { $0.hasPrefix("18073,") })
            // The clerk of 18073 gets its own rows and none of 18070's.
            let clerk = try await client.execute(
                uri: "/api/exports/tallies?survey=sipas-2017&period=2021-03&format=jsonl", method: .get, headers: Self.auth(tokens.clerk))
            let objects = String(buffer: clerk.body).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
            }
            #expect(objects.count == 3 && objects.allSatisfy { $0["unit"] == "18073" })
            try await client.execute(
                uri: "/api/exports/counts?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.viewer)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/exports/secrets?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.analyst)
            ) { #expect($0.status == .badRequest) }
        }
    }

    @Test func unitTreeTemplatesMultipartUploadsAndTheAuditTrail() async throws {
        try await withApp { client, db, tokens in
            try await client.execute(uri: "/api/units/tree?on=2021-03-01", method: .get, headers: Self.auth(tokens.viewer)) { response in
                let roots = Self.json(response) as? [[String: Any]] ?? []
                let province = try #require(roots.first { $0["code"] as? String == "42" })
                let districts = province["children"] as? [[String: Any]] ?? []
                let city = try #require(districts.first { $0["code"] as? String == "436" })
                #expect((city["children"] as? [[String: Any]])?.contains { $0["code"] as? String == "18073" } == true)
            }
            try await client.execute(
                uri: "/api/templates/tallies?survey=sipas-2017&unit=436&children=true&period=2021-04&format=csv", method: .get,
                headers: Self.auth(tokens.district)
            ) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("unit,436,") && text.contains("unit,18073,"))
            }
            try await client.execute(
                uri: "/api/templates/tallies?survey=sipas-2017&unit=436&period=2021-04", method: .get, headers: Self.auth(tokens.clerk)
            ) { #expect($0.status == .forbidden) }
            // The same file, as a browser's or curl -F's multipart form.
            let body = Browser.multipart(
                ["kind": "tallies", "survey": "sipas-2017"], file: ("file", "thang3.csv", Array(Self.tally("18073").utf8)))
            var headers = Self.auth(tokens.clerk)
            headers[.contentType] = "multipart/form-data; boundary=\(Browser.boundary)"
            try await client.execute(uri: "/api/uploads", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created)
                #expect((Self.json(response) as? [String: Any])?["file_name"] as? String == "thang3.csv")
            }
            let admin = try await AccountStore(db).add(username: "boss", role: .admin, unitCode: nil, passwordHash: nil, actor: "test")
            let token = try await AccountStore(db).createToken(for: admin.username, label: "t", actor: "test")
            try await client.execute(uri: "/api/audit?user=clerk", method: .get, headers: Self.auth(token)) { response in
                let events = Self.json(response) as? [[String: Any]] ?? []
                #expect(events.contains { $0["action"] as? String == "upload.import" })
                #expect(events.allSatisfy { $0["actor"] as? String == "clerk" })
            }
            try await client.execute(uri: "/api/audit", method: .get, headers: Self.auth(tokens.analyst)) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func tokensAreRequiredAndChecked() async throws {
        try await withApp { client, _, _ in
            try await client.execute(uri: "/api/surveys", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/surveys", method: .get, headers: Self.auth("sipas_wrong")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/surveys", method: .get, headers: [.authorization: "Basic abc"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func analystReadsAndImports() async throws {
        try await withApp { client, db, tokens in
            try await client.execute(uri: "/api/surveys", method: .get, headers: Self.auth(tokens.analyst)) { response in
                #expect(response.status == .ok)
                #expect((Self.json(response) as? [[String: Any]])?.first?["code"] as? String == "sipas-2017")
            }
            try await client.execute(uri: "/api/surveys/sipas-2017", method: .get, headers: Self.auth(tokens.analyst)) { response in
                #expect(((Self.json(response) as? [String: Any])?["elements"] as? [Any])?.count == 5)
            }
            try await client.execute(uri: "/api/units?on=2021-03-01&level=district", method: .get, headers: Self.auth(tokens.analyst)) {
                response in
                #expect((Self.json(response) as? [Any])?.count == 13)
            }
            let body = ByteBuffer(string: Self.tally("18070"))
            let id = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=march.csv", method: .post, headers: Self.auth(tokens.analyst),
                body: body
            ) { response -> Int in
                #expect(response.status == .created)
                return (Self.json(response) as? [String: Any])?["id"] as? Int ?? -1
            }
            // The same file again: already imported, the same upload.
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=march.csv", method: .post, headers: Self.auth(tokens.analyst),
                body: body
            ) { response in
                #expect(response.status == .ok)
                #expect((Self.json(response) as? [String: Any])?["id"] as? Int == id)
            }
            try await client.execute(uri: "/api/uploads/\(id)", method: .get, headers: Self.auth(tokens.analyst)) { response in
                #expect(((Self.json(response) as? [String: Any])?["scopes"] as? [Any])?.count == 1)
            }
            try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2021-03&units=18070", method: .get, headers: Self.auth(tokens.analyst)
            ) { response in
                let units = (Self.json(response) as? [String: Any])?["units"] as? [[String: Any]]
                #expect(units?.first?["respondents"] as? Int == 40)
            }
            // Uploads through the API are audited with the account's name.
            #expect(try await AuditLog.events(db).contains { $0.actor == "ana" && $0.action == "upload.import" })
        }
    }

    @Test func badFilesGetTheSameProblemListAsTheCLI() async throws {
        try await withApp(maxUpload: 4096) { client, db, tokens in
            let bad = ByteBuffer(string: "unit,period,item,option,count\n18073,2021-03,questionnaires,,40\n18073,2021-03,1.1,4,-2\n")
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=bad.csv", method: .post, headers: Self.auth(tokens.analyst),
                body: bad
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problems = (Self.json(response) as? [String: Any])?["problems"] as? [[String: Any]]
                #expect(problems?.first?["line"] as? Int == 3)
                #expect(problems?.first?["column"] as? String == "count")
                #expect((problems?.first?["message"] as? String)?.contains("count -2 is negative") == true)
            }
            // An empty file is refused like any file that does not fit (422).
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017", method: .post, headers: Self.auth(tokens.analyst), body: ByteBuffer()
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(
                uri: "/api/uploads?kind=pictures&survey=sipas-2017", method: .post, headers: Self.auth(tokens.analyst), body: bad
            ) { #expect($0.status == .badRequest) }
            let big = ByteBuffer(string: String(repeating: "x", count: 5000))
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017", method: .post, headers: Self.auth(tokens.analyst), body: big
            ) { #expect($0.status == .contentTooLarge) }
            // A path-traversal name is reduced to its last component.
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=..%2F..%2Fetc%2Fpasswd", method: .post,
                headers: Self.auth(tokens.analyst), body: ByteBuffer(string: Self.tally("18073"))
            ) { response in
                #expect(response.status == .created)
                #expect((Self.json(response) as? [String: Any])?["file_name"] as? String == "passwd")
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM uploads", as: Int.self) == 1)
        }
    }

    @Test func anUploaderActsForItsOwnUnitOnly() async throws {
        try await withApp { client, db, tokens in
            // Allowed: its own commune.
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=a.csv", method: .post, headers: Self.auth(tokens.clerk),
                body: ByteBuffer(string: Self.tally("18073"))
            ) {
                #expect($0.status == .created)
            }
            let before = try await ImportFixture.footprint(db)
            // Denied: another commune — nothing written.
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=b.csv", method: .post, headers: Self.auth(tokens.clerk),
                body: ByteBuffer(string: Self.tally("18070"))
            ) {
                #expect($0.status == .forbidden)
            }
            #expect(try await ImportFixture.footprint(db) == before)
            // Denied: reading the other commune's report, or the whole province.
            try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2021-03&units=18070", method: .get, headers: Self.auth(tokens.clerk)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2021-03&units=18073", method: .get, headers: Self.auth(tokens.clerk)
            ) { #expect($0.status == .ok) }
            // Denied: an upload of another unit, and reverting (supersede/revert are the analysts').
            let other = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=c.csv", method: .post, headers: Self.auth(tokens.analyst),
                body: ByteBuffer(string: Self.tally("18070"))
            ) { response -> Int in
                (Self.json(response) as? [String: Any])?["id"] as? Int ?? -1
            }
            try await client.execute(uri: "/api/uploads/\(other)", method: .get, headers: Self.auth(tokens.clerk)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/uploads", method: .get, headers: Self.auth(tokens.clerk)) { response in
                let ids = (Self.json(response) as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
                #expect(!ids.contains(other) && ids.count == 1)
            }
            try await client.execute(uri: "/api/uploads/\(other)/revert", method: .post, headers: Self.auth(tokens.clerk)) {
                #expect($0.status == .forbidden)
            }
            // Replacing the other commune's data is denied like any upload for it.
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=d.csv&replace=true", method: .post, headers: Self.auth(tokens.clerk),
                body: ByteBuffer(
                    string: Self.tally("18070").replacingOccurrences(of: "4,30", with: "4,31").replacingOccurrences(
                        of: ",40\n", with: ",41\n"))
            ) {
                #expect($0.status == .forbidden)
            }
            // A district uploader may act for its communes.
            try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2021-03&units=18070", method: .get, headers: Self.auth(tokens.district)
            ) { #expect($0.status == .ok) }
        }
    }

    @Test func aViewerReadsButCannotImport() async throws {
        try await withApp { client, _, tokens in
            try await client.execute(uri: "/api/reports?survey=sipas-2017&period=2021-03", method: .get, headers: Self.auth(tokens.viewer))
            { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017", method: .post, headers: Self.auth(tokens.viewer),
                body: ByteBuffer(string: Self.tally("18073"))
            ) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
