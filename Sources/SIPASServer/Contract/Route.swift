import Hummingbird

/// One operation of the service: its method, its path template (`/api/uploads/{id}`) and what
/// the OpenAPI document says of it. The route tables (`APIController.routes`,
/// `WebController.operations`) are what the router serves, what `/openapi.json` describes and
/// what `MethodNotAllowedMiddleware` answers 405 from.
struct Route: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var operation: OpenAPIOperation

    /// The path's segments; a `{name}` segment matches any one segment.
    var segments: [Substring] { path.split(separator: "/") }

    /// Whether `path` (as requested, without its query) is this route's path.
    func matches(_ segments: [Substring]) -> Bool {
        let template = self.segments
        guard template.count == segments.count else { return false }
        return zip(template, segments).allSatisfy { pattern, segment in pattern.first == "{" || pattern == segment }
    }
}

/// Every route the service serves.
enum RouteTable {
    static var all: [Route] { APIController.routes.map(\.route) + WebController.operations }

    /// The methods of the routes whose template matches `path` (empty when none does), in the
    /// order of the table, with HEAD after GET (the router answers HEAD wherever GET is).
    static func methods(for path: String, in routes: [Route]) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for route in routes where route.matches(segments) && !methods.contains(route.method) {
            methods.append(route.method)
            if route.method == .get { methods.append(.head) }
        }
        return methods
    }
}

/// The route table and the OpenAPI document, for the tests.
public enum ServiceRoutes {
    /// Method and path template of every route.
    public static var all: [(method: String, path: String)] { RouteTable.all.map { ($0.method.rawValue, $0.path) } }

    /// The OpenAPI document as `/openapi.json` serves it.
    public static var openAPIJSON: String { OpenAPIDocument.json }
}
