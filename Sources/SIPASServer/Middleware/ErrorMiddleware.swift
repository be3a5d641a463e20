import Foundation
import Hummingbird
import Logging
import SIPASCore
import SIPASStore
import SIPASUseCases

/// Turns sipas's errors into clear JSON answers (Hummingbird answers any other error with an
/// empty 500 logged at debug level): a file's problems → 422 with every problem listed;
/// conflicts → 409; unknown things → 404; the database down → 503. Unexpected errors are
/// logged at error level.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// The JSON error body: what went wrong; for a wrong parameter or body field, its name
    /// and (for a closed set) the valid values; for a file, every problem.
    struct Body: Encodable {
        var error: String
        var field: String?
        var expected: [String]?
        var problems: [Problem]?
    }

    struct Problem: Encodable {
        var file: String
        var line: Int?
        var column: String?
        var message: String
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, body) = classify(error, request: request, context: context)
            var response = Self.isPage(request.uri.path) ? Self.page(status, message: body.error) : try Response.json(body, status: status)
            if status == .serviceUnavailable { response.headers[.retryAfter] = "2" }
            return response
        }
    }

    /// Web pages get HTML errors; the API, health, metrics and the OpenAPI document get JSON.
    static func isPage(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/api" || path == "/healthz" || path == "/metrics" || path.hasPrefix("/openapi."))
    }

    /// A web page's error in Vietnamese; "sign in first" is a redirect to the sign-in page.
    static func page(_ status: HTTPResponse.Status, message: String) -> Response {
        if status == .unauthorized { return WebController.redirect("/login") }
        let heading: String
        switch status.code {
        case 403: heading = "Không được phép"
        case 404: heading = "Không tìm thấy"
        case 413: heading = "Tệp quá lớn"
        case 503: heading = "Tạm thời không phục vụ được"
        case 500...: heading = "Lỗi của hệ thống"
        default: heading = "Yêu cầu không hợp lệ"
        }
        return WebController.html(WebTemplates.page("error", title: heading, ["heading": heading, "message": message]), status: status)
    }

    func classify(_ error: any Error, request: Request, context: AppContext) -> (HTTPResponse.Status, Body) {
        switch error {
        case let error as HTTPError:
            return (error.status, Body(error: error.body ?? error.status.reasonPhrase))
        case let error as AccessDenied:
            return (.forbidden, Body(error: error.message))
        case let error as BcryptGate.Busy:
            return (.serviceUnavailable, Body(error: error.description))
        case let error as InvalidArgument:
            return (.badRequest, Body(error: error.description, field: error.field, expected: error.expected))
        case let error as SubmissionError:
            if case .unknownItem = error { return (.unprocessableContent, Body(error: error.description, field: error.field)) }
            return (.badRequest, Body(error: error.description, field: error.field))
        case let error as UploadRefused:
            switch error {
            case .empty: return (.badRequest, Body(error: error.description))
            case .tooLarge: return (.contentTooLarge, Body(error: error.description))
            }
        case let error as FileProblems:
            let problems = error.problems.map {
                Problem(file: $0.file, line: $0.line, column: $0.column, message: $0.message(APIWording()))
            }
            return (
                .unprocessableContent, Body(error: "the file has \(problems.count) problem(s); nothing was written", problems: problems)
            )
        case let error as UploadError:
            return (.conflict, Body(error: error.description(APIWording())))
        case let error as AccountError:
            return (.badRequest, Body(error: error.description))
        case let error as UnitListError:
            return (.badRequest, Body(error: error.description))
        case let error as DatabaseError:
            switch error {
            case .notFound: return (.notFound, Body(error: error.description))
            case .conflict: return (.conflict, Body(error: error.description))
            case .invalid, .configuration: return (.badRequest, Body(error: error.description))
            case .unreachable: return (.serviceUnavailable, Body(error: "the database is not reachable; try again shortly"))
            default:
                context.logger.error("request failed", metadata: ["error": "\(error)"])
                return (.internalServerError, Body(error: "internal error"))
            }
        case _ where error.isDatabaseUnavailable:
            return (.serviceUnavailable, Body(error: "the database is not reachable; try again shortly"))
        default:
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return (.internalServerError, Body(error: "internal error"))
        }
    }
}
