import Hummingbird

/// The same security headers on every answer — JSON, files, errors and pages alike — unless
/// the answer set its own (the web pages set a policy that admits their styles and forms):
/// no type sniffing, no framing, no referrer, a content policy that runs nothing (an HTML
/// report opened from the API keeps its inline styles and pictures, no script), and HSTS
/// when sipas is served over HTTPS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// The headers every answer gets unless it set its own, built once (not per answer).
    let wanted: HTTPFields

    init(secure: Bool) {
        var fields = HTTPFields()
        fields[.init("X-Content-Type-Options")!] = "nosniff"
        fields[.init("X-Frame-Options")!] = "DENY"
        fields[.init("Referrer-Policy")!] = "no-referrer"
        fields[.init("Content-Security-Policy")!] = Self.defaultPolicy
        // HSTS only when browsers reach sipas over HTTPS (the `Secure` cookie setting).
        if secure { fields[.init("Strict-Transport-Security")!] = "max-age=31536000" }
        wanted = fields
    }

    static let defaultPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in wanted where response.headers[field.name] == nil { response.headers[field.name] = field.value }
        return response
    }
}
