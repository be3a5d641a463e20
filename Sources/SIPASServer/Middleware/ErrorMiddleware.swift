import Foundation
import Hummingbird
import Logging

/// Turns every error into a clear answer (Hummingbird answers any other error with an empty
/// 500 logged at debug level): for the API, health, metrics and the OpenAPI document, problem
/// details (`Problem`, RFC 9457); for the web pages, an HTML page in Vietnamese. A file's
/// problems → 422 with every problem listed; conflicts → 409; unknown things → 404; the
/// database down → 503. Unexpected errors are logged at error level.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error, request: request, logger: context.logger)
            guard Self.isPage(request.uri.path) else { return problem.response }
            var response = Self.page(problem.kind.status, message: problem.detail)
            for field in problem.headers { response.headers[field.name] = field.value }
            if problem.kind == .unavailable { response.headers[.retryAfter] = "2" }
            return response
        }
    }

    /// Web pages get HTML errors; the API, health, metrics, the OpenAPI document and the
    /// kiosk's pairing (JSON for the kiosk's script) get problem details.
    static func isPage(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/api" || path == "/healthz" || path == "/metrics" || path.hasPrefix("/openapi.")
            || path == "/kiosk/pair")
    }

    /// A web page's error in Vietnamese; "sign in first" is a redirect to the sign-in page.
    static func page(_ status: HTTPResponse.Status, message: String) -> Response {
        if status == .unauthorized { return WebController.redirect("/login") }
        let heading: String
        switch status.code {
        case 403: heading = "Không được phép"
        case 404: heading = "Không tìm thấy"
        case 405: heading = "Phương thức không được hỗ trợ"
        case 413: heading = "Tệp quá lớn"
        case 503: heading = "Tạm thời không phục vụ được"
        case 500...: heading = "Lỗi của hệ thống"
        default: heading = "Yêu cầu không hợp lệ"
        }
        return WebController.html(WebTemplates.page("error", title: heading, ["heading": heading, "message": message]), status: status)
    }
}
