/// What the OpenAPI document says of one operation: its parameters, its body, its answers and
/// the problems it can answer with (each as `application/problem+json`).
struct OpenAPIOperation: Sendable {
    enum Access: Sendable {
        /// Anyone (health, metrics, the document, the sign-in form).
        case open
        /// An API token or a browser session.
        case signedIn
    }

    struct Parameter: Sendable {
        enum Location: String, Sendable { case query, path, header }
        var name: String
        var location: Location
        var required: Bool
        var schema: JSONValue
        var description: String
        /// A value that finds data in the demo and test databases (the fuzzer starts from it).
        var example: JSONValue?

        static func query(
            _ name: String, _ schema: JSONValue, _ description: String, required: Bool = false, example: JSONValue? = nil
        ) -> Parameter {
            Parameter(name: name, location: .query, required: required, schema: schema, description: description, example: example)
        }

        static func path(_ name: String, _ schema: JSONValue, _ description: String, example: JSONValue? = nil) -> Parameter {
            Parameter(name: name, location: .path, required: true, schema: schema, description: description, example: example)
        }
    }

    /// A body or an answer's content: media type → schema.
    struct Content: Sendable {
        var mediaType: String
        var schema: JSONValue
    }

    struct Header: Sendable {
        var name: String
        var schema: JSONValue
        var description: String
        var required: Bool = true
    }

    struct Reply: Sendable {
        var status: Int
        var description: String
        var content: [Content] = []
        var headers: [Header] = []
    }

    var id: String
    var summary: String
    var description: String? = nil
    var tag: String
    var access: Access = .signedIn
    var parameters: [Parameter] = []
    var body: [Content]? = nil
    var bodyRequired = true
    var replies: [Reply]
    /// The problems it answers besides those of every operation (401 and 403 when signed in,
    /// 500, and 503 unless `usesDatabase` is false).
    var problems: [Problem.Kind] = []
    var usesDatabase = true

    /// Every problem kind the operation can answer with, by status.
    var allProblems: [Problem.Kind] {
        var kinds = problems
        if access == .signedIn { kinds += [.unauthenticated, .forbidden] }
        kinds.append(.internalError)
        if usesDatabase { kinds.append(.unavailable) }
        var seen: Set<String> = []
        return kinds.filter { seen.insert($0.rawValue).inserted }.sorted { $0.status.code < $1.status.code }
    }
}
