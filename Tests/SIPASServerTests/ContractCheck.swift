import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import SIPASServer
import SIPASTestSupport
import Testing

/// Every answer the server tests see, checked against the OpenAPI document the service serves
/// (`Scripts/lib/check_contract.py`, with Python's jsonschema): documented path, method,
/// status, media type and headers, and a JSON body valid against its schema. Without python3
/// and jsonschema the check is skipped, except under `CI`.
struct ContractCheck: TestClientProtocol {
    let client: any TestClientProtocol
    private let records = NIOLockedValueBox<[String]>([])

    init(client: any TestClientProtocol) { self.client = client }

    var port: Int? { client.port }

    static let available = PythonTool.isCI || PythonTool.has("jsonschema", "referencing")

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.canonicalName] = response.headers[field.name] }
        record(
            method: method.rawValue, uri: uri, status: Int(response.status.code), headers: fields,
            body: String(data: Data(buffer: response.body), encoding: .utf8))
        return response
    }

    /// Keeps one answer (`headers` with lower-case names; `body` nil when it is not text).
    func record(method: String, uri: String, status: Int, headers: [String: String], body: String?) {
        let record: [String: Any] = ["method": method, "uri": uri, "status": status, "headers": headers, "body": body ?? NSNull()]
        guard let data = try? JSONSerialization.data(withJSONObject: record) else { return }
        records.withLockedValue { $0.append(String(decoding: data, as: UTF8.self)) }
    }

    /// Runs `body` with a client whose answers are checked when it returns.
    static func checking(_ client: any TestClientProtocol, _ body: (any TestClientProtocol) async throws -> Void) async throws {
        let checked = ContractCheck(client: client)
        try await body(checked)
        guard available, let result = try checked.run() else { return }
        #expect(result.status == 0, "answers that contradict the OpenAPI document:\n\(result.output)")
    }

    /// The checker's verdict on the answers kept, nil when there are none.
    func run() throws -> (status: Int32, output: String)? {
        let lines = records.withLockedValue { $0 }
        guard !lines.isEmpty else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("openapi.json")
        let answers = directory.appendingPathComponent("answers.jsonl")
        try Data(ServiceRoutes.openAPIJSON.utf8).write(to: document)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: answers)
        let script = TestDatabase.root.appendingPathComponent("Scripts/lib/check_contract.py").path
        return try #require(PythonTool.run([script, document.path, answers.path]), "python3 could not be started")
    }
}
