import Foundation
import Logging
import SIPASStore
import Yams

/// The OpenAPI 3.1 document of the service, made from the route table (`RouteTable.all`), so
/// that it lists exactly the routes the router serves (a test checks both ways): every
/// operation's parameters, body, answers and problems, the report's schema from
/// `Schema/report.schema.json`. Served as `/openapi.json` and `/openapi.yaml`.
enum OpenAPIDocument {
    typealias S = JSONSchema

    static let document: JSONValue = build(routes: RouteTable.all, report: reportSchema())

    static let json: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // The document is made of strings, numbers and arrays: encoding it cannot fail.
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }()

    static let yaml: String = (try? Yams.serialize(node: yamlNode(document), width: -1, allowUnicode: true)) ?? "{}"

    /// A JSON value as a YAML node; a string a YAML reader would take for something else
    /// (`200`, `true`, `null`) is quoted.
    static func yamlNode(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .number(let number): return Node(String(number), Tag(.float))
        case .string(let text):
            let plain = Resolver.default.resolveTag(of: Node(text)) == .str
            return Node(text, Tag(.str), plain ? .any : .singleQuoted)
        case .array(let elements): return Node(elements.map(yamlNode))
        case .object(let members): return Node(members.map { (yamlNode(.string($0.0)), yamlNode($0.1)) })
        }
    }

    static func build(routes: [Route], report: [(String, JSONValue)]) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for route in routes {
            let operation = self.operation(route)
            if let index = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[index].1 = paths[index].1.adding(route.method.rawValue.lowercased(), operation)
            } else {
                paths.append((route.path, .object([(route.method.rawValue.lowercased(), operation)])))
            }
        }
        let problems = Problem.Kind.allCases.map { "- `\($0.type)` (\($0.status.code)): \($0.meaning)" }.joined(separator: "\n")
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "sipas",
                "version": "1",
                "description": .string(
                    """
                    SIPAS satisfaction surveys: surveys, units, uploads, submissions, reports, exports, the audit trail; and the \
                    web pages (tag `web`, HTML). Sign in with `Authorization: Bearer TOKEN` (`sipas user token NAME`) or a browser \
                    session (which must send `X-CSRF-Token` when it writes through the API). JSON keys are snake_case, ids are \
                    integers, times ISO 8601 with their offset. A path asked for with a method it does not take is answered 405 \
                    with `Allow`. Errors are problem details (RFC 9457, `application/problem+json`) with `detail` in Vietnamese \
                    and `error` in English; their `type`:

                    \(problems)
                    """),
            ],
            "tags": .array(
                [
                    ("service", "health, metrics, this document"), ("surveys", "survey definitions"), ("units", "units and their validity"),
                    ("uploads", "tally and questionnaire files"), ("submissions", "single questionnaires from kiosks and the portal"),
                    ("reports", "reports, comparisons, kept monthly reports"), ("exports", "stored data for analysts"),
                    ("audit", "the audit trail"), ("web", "the web pages (HTML, for browsers)"),
                ].map { ["name": .string($0.0), "description": .string($0.1)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "an API token: sipas user token NAME"],
                    "session": [
                        "type": "apiKey", "in": "cookie", "name": .string(AuthMiddleware.sessionCookie),
                        "description": "a browser session (sign in at /login)",
                    ],
                ],
                "schemas": .object(OpenAPISchemas.all + report),
                "responses": [
                    "MethodNotAllowed": [
                        "description": "the path exists, with the methods listed in Allow (for every path of this document)",
                        "headers": ["Allow": ["required": true, "schema": S.string]],
                        "content": [Problem.mediaType: ["schema": S.ref("Problem")]],
                    ]
                ],
            ],
        ]
    }

    static func operation(_ route: Route) -> JSONValue {
        let operation = route.operation
        let isPage = ErrorMiddleware.isPage(route.path)
        var members: [(String, JSONValue)] = [
            ("operationId", .string(operation.id)), ("summary", .string(operation.summary)), ("tags", [.string(operation.tag)]),
        ]
        if let description = operation.description { members.append(("description", .string(description))) }
        members.append(("security", operation.access == .open ? [] : [["bearer": []], ["session": []]]))
        if !operation.parameters.isEmpty {
            members.append(
                (
                    "parameters",
                    .array(
                        operation.parameters.map { parameter in
                            var fields: [(String, JSONValue)] = [
                                ("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
                                ("required", .bool(parameter.required)), ("description", .string(parameter.description)),
                                ("schema", parameter.schema),
                            ]
                            if let example = parameter.example { fields.append(("example", example)) }
                            return .object(fields)
                        })
                ))
        }
        if let body = operation.body {
            members.append(("requestBody", ["required": .bool(operation.bodyRequired), "content": content(body)]))
        }
        var replies: [(String, JSONValue)] = operation.replies.map { (String($0.status), reply($0)) }
        for kind in operation.allProblems {
            // A page's "sign in first" is a redirect to the sign-in page.
            let status = isPage && kind == .unauthenticated ? "303" : String(kind.status.code)
            guard !replies.contains(where: { $0.0 == status }) else { continue }
            let schema: JSONValue
            if isPage && kind == .unauthenticated {
                schema = [
                    "description": "not signed in: to the sign-in page", "headers": ["Location": ["required": true, "schema": S.string]],
                ]
            } else if isPage {
                schema = ["description": "a page saying what went wrong", "content": ["text/html": ["schema": S.string]]]
            } else {
                let kinds = operation.allProblems.filter { $0.status == kind.status }
                schema = [
                    "description": .string(kinds.map(\.meaning).joined(separator: "; ")),
                    "headers": [.unavailable, .tooManyRequests].contains(kind)
                        ? ["Retry-After": ["required": true, "schema": S.integer]] : [:],
                    "content": [
                        Problem.mediaType: [
                            "schema": ["allOf": [S.ref("Problem"), ["properties": ["type": S.oneOf(kinds.map(\.type))]]]]
                        ]
                    ],
                ]
            }
            replies.append((status, schema))
        }
        members.append(("responses", .object(replies.sorted { $0.0 < $1.0 })))
        return .object(members)
    }

    static func content(_ contents: [OpenAPIOperation.Content]) -> JSONValue {
        .object(contents.map { ($0.mediaType, ["schema": $0.schema]) })
    }

    static func reply(_ reply: OpenAPIOperation.Reply) -> JSONValue {
        var members: [(String, JSONValue)] = [("description", .string(reply.description))]
        if !reply.headers.isEmpty {
            members.append(
                (
                    "headers",
                    .object(
                        reply.headers.map {
                            ($0.name, ["description": .string($0.description), "required": .bool($0.required), "schema": $0.schema])
                        })
                ))
        }
        if !reply.content.isEmpty { members.append(("content", content(reply.content))) }
        return .object(members)
    }

    /// `Schema/report.schema.json` as component schemas: the report as `Report`, each of its
    /// `$defs` as `Report.<name>` (its references rewritten to them). Without the file (a
    /// service started away from its `Schema/` folder), `Report` is any object.
    static func reportSchema() -> [(String, JSONValue)] {
        guard let url = try? ProjectPaths.schema().appendingPathComponent("report.schema.json"),
            let data = try? Data(contentsOf: url), let schema = try? JSONDecoder().decode(JSONValue.self, from: data),
            case .object(let members) = schema
        else {
            Logger(label: "sipas.openapi").warning("Schema/report.schema.json not found: the OpenAPI document describes reports as objects")
            return [("Report", ["type": "object", "description": "the report (Schema/report.schema.json was not found)"])]
        }
        let definitions: [(String, JSONValue)] = {
            if case .object(let defs)? = schema["$defs"] { return defs }
            return []
        }()
        let report: JSONValue = .object(members.filter { !["$schema", "$id", "$defs"].contains($0.0) })
        return [("Report", rewritingReferences(report))] + definitions.map { ("Report.\($0.0)", rewritingReferences($0.1)) }
    }

    /// `#/$defs/name` → `#/components/schemas/Report.name`.
    static func rewritingReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(
                members.map { key, member in
                    if key == "$ref", case .string(let target) = member, target.hasPrefix("#/$defs/") {
                        return (key, .string("#/components/schemas/Report." + target.dropFirst("#/$defs/".count)))
                    }
                    return (key, rewritingReferences(member))
                })
        case .array(let elements): return .array(elements.map(rewritingReferences))
        default: return value
        }
    }
}
