import Foundation

/// The OpenAPI 3 document of the JSON API, made from `APIController.routes` so that it
/// lists exactly the routes the router serves (a test checks both ways).
enum OpenAPIDocument {
    static let json: String = {
        var paths: [String: [String: Any]] = [:]
        for route in APIController.routes {
            var operation: [String: Any] = [
                "summary": route.summary,
                "responses": ["200": ["description": "OK"], "401": ["description": "No or invalid token"], "403": ["description": "Not allowed for this account"]],
            ]
            let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part -> [String: Any] in
                ["name": String(part.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if route.path.hasPrefix("/api/") {
                operation["security"] = [["bearer": [String]()]]
            }
            paths[route.path, default: [:]][route.method.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.0.3",
            "info": ["title": "sipas API", "version": "1", "description": "SIPAS satisfaction surveys: surveys, units, uploads, reports."],
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
            "paths": paths,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }()
}
