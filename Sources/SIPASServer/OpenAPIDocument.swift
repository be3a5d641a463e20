import Foundation

/// The OpenAPI 3 document of the JSON API, made from `APIController.routes` so that it
/// lists exactly the routes the router serves (a test checks both ways).
enum OpenAPIDocument {
    struct Document: Encodable {
        var openapi = "3.0.3"
        var info: Info
        var components: Components
        var paths: [String: [String: Operation]]
    }

    struct Info: Encodable {
        var title: String
        var version: String
        var description: String
    }

    struct Components: Encodable {
        var securitySchemes: [String: SecurityScheme]
    }

    struct SecurityScheme: Encodable {
        var type: String
        var scheme: String
    }

    struct Operation: Encodable {
        var summary: String
        var responses: [String: Reply]
        var parameters: [Parameter]?
        var security: [[String: [String]]]?
    }

    struct Reply: Encodable {
        var description: String
    }

    struct Parameter: Encodable {
        var name: String
        var `in` = "path"
        var required = true
        var schema = ["type": "string"]
    }

    static let json: String = {
        var paths: [String: [String: Operation]] = [:]
        for route in APIController.routes {
            let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                Parameter(name: String($0.dropFirst().dropLast()))
            }
            let operation = Operation(
                summary: route.summary,
                responses: [
                    "200": Reply(description: "OK"), "401": Reply(description: "No or invalid token"),
                    "403": Reply(description: "Not allowed for this account"),
                ],
                parameters: parameters.isEmpty ? nil : parameters,
                security: route.path.hasPrefix("/api/") ? [["bearer": []]] : nil)
            paths[route.path, default: [:]][route.method.lowercased()] = operation
        }
        let document = Document(
            info: Info(title: "sipas API", version: "1", description: "SIPAS satisfaction surveys: surveys, units, uploads, reports."),
            components: Components(securitySchemes: ["bearer": SecurityScheme(type: "http", scheme: "bearer")]),
            paths: paths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // The document is made of strings and arrays: encoding it cannot fail.
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }()
}
