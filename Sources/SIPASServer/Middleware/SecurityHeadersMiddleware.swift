import Hummingbird

/// The same security headers on every answer — JSON, files, errors and pages alike — unless
/// the answer set its own (the web pages set a policy that admits their styles and forms):
/// no type sniffing, no framing, no referrer, a content policy that runs nothing (an HTML
/// report opened from the API keeps its inline styles and pictures, no script), and HSTS
/// when sipas is served over HTTPS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// Whether browsers reach sipas over HTTPS (the `Secure` cookie setting).
    let secure: Bool

    static let defaultPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(to: &response.headers, secure: secure)
        return response
    }

    static func apply(to headers: inout HTTPFields, secure: Bool) {
        var wanted = [
            ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
            ("Content-Security-Policy", defaultPolicy),
        ]
        if secure { wanted.append(("Strict-Transport-Security", "max-age=31536000")) }
        for (name, value) in wanted where headers[.init(name)!] == nil { headers[.init(name)!] = value }
    }
}
