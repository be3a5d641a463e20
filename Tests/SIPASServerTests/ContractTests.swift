import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// The API's contract (issue 13): the OpenAPI document lists exactly the routes the router
/// serves, a wrong method is 405 with `Allow`, errors are problem details with a stable type
/// and a Vietnamese detail, times carry their offset. (Every answer of the server tests is
/// also checked against the document: `ContractCheck`.)
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ContractTests {
    static func document() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(ServiceRoutes.openAPIJSON.utf8)) as? [String: Any])
    }

    static let methods: Set<String> = ["get", "post", "put", "patch", "delete"]

    @Test func theDocumentListsExactlyTheRoutesTheRouterServes() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let router = buildRouter(database: db, configuration: ServerConfiguration())
            let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let table = Set(ServiceRoutes.all.map { "\($0.method) \($0.path)" })
            #expect(
                served == table,
                "served but not in the table: \(served.subtracting(table)); in the table only: \(table.subtracting(served))")
            let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, item in item.keys.filter(Self.methods.contains).map { "\($0.uppercased()) \(path)" } })
            #expect(
                documented == served, "documented only: \(documented.subtracting(served)); served only: \(served.subtracting(documented))")
        }
    }

    @Test func everyOperationIsDescribed() throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        var ids: Set<String> = []
        for (path, item) in paths {
            for (method, operation) in item where Self.methods.contains(method) {
                let name = "\(method.uppercased()) \(path)"
                #expect(ids.insert(operation["operationId"] as? String ?? "").inserted, "\(name): operationId missing or repeated")
                let responses = try #require(operation["responses"] as? [String: [String: Any]], "\(name)")
                #expect(responses.keys.contains { $0.hasPrefix("2") || $0 == "303" }, "\(name) has no success answer")
                // Every path parameter of the template is described, and nothing else is in the path.
                let templated = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                #expect(
                    Set(parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }) == templated, "\(name)")
                for parameter in parameters { #expect(parameter["schema"] != nil, "\(name): \(parameter["name"] ?? "")") }
                guard path.hasPrefix("/api/") else { continue }
                // The API's errors are problem details, and a signed-in operation says 401 and 403.
                for (status, response) in responses where status.hasPrefix("4") || status.hasPrefix("5") {
                    let content = response["content"] as? [String: Any]
                    #expect(content?.keys.sorted() == ["application/problem+json"], "\(name) \(status)")
                }
                #expect(responses["401"] != nil && responses["403"] != nil && responses["503"] != nil, "\(name)")
            }
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        // The report's own schema, with its definitions.
        #expect((schemas["Report"]?["required"] as? [String])?.contains("units") == true)
        #expect(schemas["Report.unit"] != nil && !ServiceRoutes.openAPIJSON.contains("#/$defs/"))
    }

    @Test(
        .enabled(
            if: PythonTool.isCI || PythonTool.has("openapi_spec_validator"),
            "needs python3 with openapi-spec-validator (Scripts/test installs it; required under CI)"))
    func theDocumentIsValidOpenAPI() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-openapi-\(UUID().uuidString).json")
        try Data(ServiceRoutes.openAPIJSON.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = PythonTool.run([
            "-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')",
            file.path,
        ])
        #expect(result?.status == 0, "\(result?.output ?? "python3 could not be started")")
    }

    @Test(.enabled(if: ContractCheck.available, "needs python3 with jsonschema (required under CI)"))
    func theCheckOfEveryAnswerFindsContradictions() throws {
        // An answer the document does not promise, and one whose body breaks its schema.
        let check = ContractCheck(client: NoClient())
        check.record(method: "GET", uri: "/api/surveys", status: 418, headers: [:], body: "")
        check.record(
            method: "GET", uri: "/api/uploads/1", status: 200, headers: ["content-type": "application/json"],
            body: #"{"id": "7", "uploaded_at": "2021-03-05 17:00"}"#)
        check.record(method: "DELETE", uri: "/api/surveys", status: 405, headers: ["allow": "GET, POST"], body: "")
        let output = try #require(try check.run())
        #expect(output.status == 1)
        #expect(output.output.contains("418 is not a documented answer"), "\(output.output)")
        #expect(output.output.contains("'7' is not of type 'integer'"), "\(output.output)")
        #expect(output.output.contains("405 with Allow"), "\(output.output)")
        #expect(output.output.contains("3 answer(s)"), "\(output.output)")
    }

    struct NoClient: TestClientProtocol {
        var port: Int? { nil }
        func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
            throw CancellationError()
        }
    }

    @Test func theYAMLDocumentIsTheJSONDocument() async throws {
        try await APITests().withApp { client, _, _ in
            let yaml = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(yaml.status == .ok && yaml.headers[.contentType]?.hasPrefix("application/yaml") == true)
            guard PythonTool.isCI || PythonTool.has("yaml") else { return }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-yaml-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(buffer: yaml.body).write(to: directory.appendingPathComponent("openapi.yaml"))
            try Data(ServiceRoutes.openAPIJSON.utf8).write(to: directory.appendingPathComponent("openapi.json"))
            let result = PythonTool.run([
                "-c",
                "import json, sys, yaml; d = sys.argv[1]; assert yaml.safe_load(open(d + '/openapi.yaml')) == json.load(open(d + '/openapi.json')); print('same')",
                directory.path,
            ])
            #expect(result?.status == 0, "\(result?.output ?? "python3 could not be started")")
        }
    }

    @Test func aPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await APITests().withApp { client, _, tokens in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/api/surveys", "GET, HEAD"), (.post, "/api/surveys/sipas-2017", "GET, HEAD"),
                (.get, "/api/submissions", "POST"), (.put, "/api/uploads", "GET, HEAD, POST"), (.delete, "/api/uploads/7", "GET, HEAD"),
                (.get, "/api/uploads/7/revert", "POST"), (.post, "/healthz", "GET, HEAD"), (.patch, "/openapi.json", "GET, HEAD"),
                (.init("QUERY")!, "/api/units", "GET, HEAD"), (.options, "/api/units/tree", "GET, HEAD"),
            ]
            for (method, uri, allow) in cases {
                let response = try await client.execute(uri: uri, method: method, headers: APITests.auth(tokens.analyst))
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(method) \(uri)")
                let problem = try #require(APITests.json(response) as? [String: Any])
                #expect(problem["type"] as? String == "urn:sipas:problem:method-not-allowed" && problem["status"] as? Int == 405)
            }
            // Without a token too: the method is wrong whoever asks.
            #expect(try await client.execute(uri: "/api/audit", method: .post).status == .methodNotAllowed)
            // A page: 405 with Allow, as an HTML page.
            let page = try await client.execute(uri: "/login", method: .delete)
            #expect(page.status == .methodNotAllowed && page.headers[.allow] == "GET, HEAD, POST")
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            // HEAD is answered wherever GET is, without a body.
            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            // A path nobody serves stays 404.
            #expect(try await client.execute(uri: "/api/surveys/a/b", method: .delete).status == .notFound)
        }
    }

    @Test func errorsAreProblemDetailsWithAVietnameseDetail() async throws {
        try await APITests().withApp { client, _, tokens in
            func problem(_ uri: String, _ method: HTTPRequest.Method = .get, token: String?, body: String? = nil) async throws -> (
                Int, [String: Any]
            ) {
                var headers: HTTPFields = token.map { APITests.auth($0) } ?? [:]
                if body != nil { headers[.contentType] = "application/json" }
                let response = try await client.execute(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8", "\(uri)")
                return (Int(response.status.code), try #require(APITests.json(response) as? [String: Any], "\(uri)"))
            }
            let cases: [(String, HTTPRequest.Method, String?, String?, Int, String)] = [
                ("/api/reports?survey=sipas-2017&period=2021-13", .get, tokens.viewer, nil, 400, "invalid-parameter"),
                ("/api/reports?period=2021-03", .get, tokens.viewer, nil, 400, "invalid-parameter"),
                ("/api/surveys", .get, nil, nil, 401, "unauthenticated"),
                ("/api/audit", .get, tokens.analyst, nil, 403, "forbidden"),
                ("/api/uploads/424242", .get, tokens.analyst, nil, 404, "not-found"),
                ("/api/nothing-here", .get, tokens.analyst, nil, 404, "not-found"),
                ("/api/submissions", .post, tokens.clerk, "{not json", 400, "invalid-body"),
                (
                    "/api/submissions", .post, tokens.clerk,
                    #"{"client_id": "a", "survey": "sipas-2017", "unit": "18073", "date": "2021-03-05", "answers": {"9.9": 1}}"#, 422,
                    "invalid-content"
                ),
            ]
            for (uri, method, token, body, status, type) in cases {
                let (code, problem) = try await problem(uri, method, token: token, body: body)
                #expect(code == status && problem["status"] as? Int == status, "\(uri)")
                #expect(problem["type"] as? String == "urn:sipas:problem:\(type)", "\(uri): \(problem)")
                let title = problem["title"] as? String ?? ""
                let detail = problem["detail"] as? String ?? ""
                // Vietnamese: letters no English sentence has.
                let vietnamese = CharacterSet(charactersIn: "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
                #expect(title.rangeOfCharacter(from: vietnamese) != nil, "\(uri): \(title)")
                #expect(detail.lowercased().rangeOfCharacter(from: vietnamese) != nil, "\(uri): \(detail)")
                #expect(!(problem["error"] as? String ?? "").isEmpty, "\(uri)")
            }
            // A wrong parameter names the field and the valid forms.
            let (_, period) = try await problem("/api/reports?survey=sipas-2017&period=2021-13", token: tokens.viewer)
            #expect(period["field"] as? String == "period" && (period["expected"] as? [String])?.contains("YYYY-MM") == true)
            // A questionnaire's problems are listed with their column, in English and in Vietnamese.
            let (_, answers) = try await problem(
                "/api/submissions", .post, token: tokens.clerk,
                body: #"{"client_id": "b", "survey": "sipas-2017", "unit": "18073", "date": "2021-02-30", "answers": {}}"#)
            let first = try #require((answers["problems"] as? [[String: Any]])?.first)
            #expect(first["column"] as? String == "date" && (first["message"] as? String)?.contains("is not a date") == true)
            #expect((first["detail"] as? String)?.contains("không phải là ngày") == true)
        }
    }

    @Test func aSubmissionConflictIsAProblemNamingTheStoredQuestionnaire() async throws {
        try await APITests().withApp { client, _, tokens in
            func post(_ answer: Int) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/submissions", method: .post, headers: SubmissionTests.headers(tokens.clerk),
                    body: SubmissionTests.body("k-7", unit: "18073", answers: "{\"1.1\": \(answer)}"))
            }
            let stored = try await post(5)
            #expect(stored.status == .created)
            let id = try #require((APITests.json(stored) as? [String: Any])?["id"] as? Int)
            let conflict = try await post(1)
            #expect(conflict.status == .conflict)
            let problem = try #require(APITests.json(conflict) as? [String: Any])
            #expect(problem["type"] as? String == "urn:sipas:problem:submission-conflict")
            #expect(problem["id"] as? Int == id && problem["client_id"] as? String == "k-7")
        }
    }

    @Test func timesAreISO8601WithTheirOffsetAndIdsAreIntegers() async throws {
        try await APITests().withApp { client, _, tokens in
            let upload = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=a.csv", method: .post, headers: APITests.auth(tokens.analyst),
                body: ByteBuffer(string: APITests.tally("18073")))
            let body = try #require(APITests.json(upload) as? [String: Any])
            let time = try #require(body["uploaded_at"] as? String)
            #expect(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$"#, options: .regularExpression) != nil, "\(time)")
            #expect(body["id"] is Int && body["supersedes"] is [Int])
            // A time with any offset is read back: the upload is found since a minute before it, in UTC.
            let before = Date().addingTimeInterval(-60).formatted(.iso8601)
            let events = try await client.execute(uri: "/api/audit?since=\(before)", method: .get, headers: APITests.auth(tokens.admin))
            #expect((APITests.json(events) as? [[String: Any]])?.contains { $0["action"] as? String == "upload.import" } == true)
            // Any time RFC 3339 allows (any year, any offset, any fraction, lower-case t and z); nothing else.
            for (since, status) in [
                ("1426-11-04T06%3A09%3A23.013146-19%3A04", HTTPResponse.Status.ok), ("2021-03-05t10%3A00%3A00z", .ok),
                ("2021-02-30T00%3A00%3A00Z", .badRequest), ("2021-03-05", .badRequest), ("2021-03-05T10%3A00%3A00", .badRequest),
            ] {
                let response = try await client.execute(
                    uri: "/api/audit?since=\(since)", method: .get, headers: APITests.auth(tokens.admin))
                #expect(response.status == status, "\(since)")
            }
        }
    }
}
