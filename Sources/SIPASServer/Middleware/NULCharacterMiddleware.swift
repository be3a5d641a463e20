import Hummingbird

/// A NUL character (`%00`) in the path or the query is refused (400) before any route reads
/// it: no code, name or date holds one, and PostgreSQL refuses it in text.
struct NULCharacterMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let uri = request.uri.description
        guard uri.contains("%00") || uri.contains("\0") else { return try await next(request, context) }
        throw Problem(
            .invalidParameter, vi: "Tham số có ký tự NUL (%00); mã, tên và ngày không bao giờ có ký tự này.",
            en: "a parameter holds a NUL character (%00); no code, name or date has one")
    }
}
