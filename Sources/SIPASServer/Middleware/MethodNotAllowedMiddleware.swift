import Hummingbird

/// A path the service serves, asked for with another method: 405 with `Allow` listing the
/// methods it has (Hummingbird's router would answer 404). Paths it does not serve go on to
/// the router's 404.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let routes: [Route]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let methods = RouteTable.methods(for: request.uri.path, in: routes)
        guard !methods.isEmpty, !methods.contains(request.method) else { return try await next(request, context) }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        var problem = Problem(
            .methodNotAllowed, vi: "\(request.uri.path) không nhận phương thức \(request.method.rawValue); chỉ nhận \(allow).",
            en: "\(request.uri.path) does not take \(request.method.rawValue); it takes \(allow)")
        problem.headers[.allow] = allow
        throw problem
    }
}
