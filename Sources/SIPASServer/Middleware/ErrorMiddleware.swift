import Foundation
import Hummingbird
import Logging
import SIPASCore
import SIPASStore

/// Turns sipas's errors into clear JSON answers (Hummingbird answers any other error with an
/// empty 500 logged at debug level): a file's problems → 422 with every problem listed;
/// conflicts → 409; unknown things → 404; the database down → 503. Unexpected errors are
/// logged at error level.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    struct Body: Encodable {
        var error: String
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
        } catch let error as HTTPError {
            return try Self.json(error.status, Body(error: error.body ?? error.status.reasonPhrase))
        } catch let error as ScopeDenied {
            return try Self.json(.forbidden, Body(error: error.message))
        } catch let error as FileProblems {
            let problems = error.problems.map { Problem(file: $0.file, line: $0.line, column: $0.column, message: $0.message) }
            return try Self.json(.unprocessableContent, Body(error: "the file has \(problems.count) problem(s); nothing was written", problems: problems))
        } catch let error as UploadError {
            return try Self.json(.conflict, Body(error: error.description))
        } catch let error as DatabaseError {
            switch error {
            case .notFound: return try Self.json(.notFound, Body(error: error.description))
            case .conflict: return try Self.json(.conflict, Body(error: error.description))
            case .invalid, .configuration: return try Self.json(.badRequest, Body(error: error.description))
            case .unreachable: return try Self.json(.serviceUnavailable, Body(error: "the database is not reachable; try again shortly"))
            default:
                context.logger.error("request failed", metadata: ["error": "\(error)"])
                return try Self.json(.internalServerError, Body(error: "internal error"))
            }
        } catch where error.isDatabaseUnavailable {
            return try Self.json(.serviceUnavailable, Body(error: "the database is not reachable; try again shortly"))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try Self.json(.internalServerError, Body(error: "internal error"))
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }
}
