import Hummingbird

/// Sets the request's client address (sign-in throttling, audit trail): the connection's peer,
/// or behind a trusted reverse proxy the address it forwards (`TrustedProxies`).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let proxies: TrustedProxies

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard proxies != .none else { return try await next(request, context) }
        var context = context
        context.remoteAddress = proxies.clientAddress(
            peer: context.remoteAddress, forwardedFor: request.headers[values: .init("X-Forwarded-For")!])
        return try await next(request, context)
    }
}
