import Foundation
import Hummingbird

/// An error answer of the API, health, metrics and the OpenAPI document: problem details
/// (RFC 9457) as `application/problem+json`. `type` names the kind of problem with a stable URN
/// (`urn:sipas:problem:invalid-parameter`, …; `Kind` lists them all), `title` says the kind in
/// Vietnamese, `detail` this occurrence in Vietnamese, and `error` the same in English (as the
/// API has always said it). For a wrong parameter or body field, `field` and `expected` (the
/// valid values); for a file or a questionnaire, every problem with its line and column.
struct Problem: Error, Encodable, Sendable {
    /// The kinds of problem, each with one HTTP status.
    enum Kind: String, CaseIterable, Sendable {
        case invalidParameter = "invalid-parameter"
        case invalidBody = "invalid-body"
        case invalidContent = "invalid-content"
        case unauthenticated
        case forbidden
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case conflict
        case submissionConflict = "submission-conflict"
        case tooLarge = "too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case tooManyRequests = "too-many-requests"
        case internalError = "internal-error"
        case unavailable

        var type: String { "urn:sipas:problem:\(rawValue)" }

        var status: HTTPResponse.Status {
            switch self {
            case .invalidParameter, .invalidBody: .badRequest
            case .invalidContent: .unprocessableContent
            case .unauthenticated: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .conflict, .submissionConflict: .conflict
            case .tooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .tooManyRequests: .tooManyRequests
            case .internalError: .internalServerError
            case .unavailable: .serviceUnavailable
            }
        }

        /// The kind in Vietnamese (the same for every occurrence).
        var title: String {
            switch self {
            case .invalidParameter: "Tham số không hợp lệ"
            case .invalidBody: "Nội dung yêu cầu không hợp lệ"
            case .invalidContent: "Dữ liệu gửi lên có lỗi"
            case .unauthenticated: "Chưa đăng nhập"
            case .forbidden: "Không được phép"
            case .notFound: "Không tìm thấy"
            case .methodNotAllowed: "Phương thức không được hỗ trợ"
            case .conflict: "Xung đột với dữ liệu đã có"
            case .submissionConflict: "Mã phiếu đã được dùng cho phiếu khác"
            case .tooLarge: "Dữ liệu gửi lên quá lớn"
            case .unsupportedMediaType: "Kiểu dữ liệu không được hỗ trợ"
            case .tooManyRequests: "Quá nhiều yêu cầu"
            case .internalError: "Lỗi của hệ thống"
            case .unavailable: "Tạm thời không phục vụ được"
            }
        }

        /// What the README and the OpenAPI document say of the kind.
        var meaning: String {
            switch self {
            case .invalidParameter: "a query or path parameter is missing or not valid (`field`, `expected`)"
            case .invalidBody: "the request body cannot be read: not JSON, a wrong or unknown field (`field`), no file"
            case .invalidContent:
                "the file or questionnaire was read but does not fit the survey, units or period (`problems`), or a questionnaire is dated outside the submission window (`field`)"
            case .unauthenticated: "no token or session, or one that is not valid"
            case .forbidden: "the account's role or unit does not allow it, or a browser session sent no CSRF token"
            case .notFound: "no such path, survey, unit, upload or report"
            case .methodNotAllowed: "the path exists with other methods, listed in `Allow`"
            case .conflict:
                "data for the same units and periods exist already (send with replace=true), or the upload to revert is not superseded"
            case .submissionConflict: "the account used this client_id for another questionnaire (`id`, `client_id`)"
            case .tooLarge: "the body is larger than the limit"
            case .unsupportedMediaType: "the body is not of a type the operation reads"
            case .tooManyRequests: "too many attempts or submissions; try again later (`Retry-After`)"
            case .internalError: "a fault of sipas; it is logged"
            case .unavailable:
                "the database is not reachable, a needed program is missing, or too many imports or reports are running at once (`Retry-After`)"
            }
        }
    }

    /// One problem of a file or questionnaire: where, what in English (`message`, as the CLI
    /// says it) and in Vietnamese where sipas has the wording (`detail`).
    struct FileProblem: Encodable, Sendable {
        var file: String
        var line: Int?
        var column: String?
        var message: String
        var detail: String
    }

    var kind: Kind
    var detail: String
    var error: String
    var field: String?
    var expected: [String]?
    var problems: [FileProblem]?
    /// For a submission conflict: the stored questionnaire and the client id.
    var id: Int?
    var clientID: String?
    /// Headers of the answer (`Allow`, `Retry-After`).
    var headers: HTTPFields = [:]

    init(
        _ kind: Kind, vi detail: String, en error: String, field: String? = nil, expected: [String]? = nil,
        problems: [FileProblem]? = nil
    ) {
        self.kind = kind
        self.detail = detail
        self.error = error
        self.field = field
        self.expected = expected
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, error, field, expected, problems, id
        case clientID = "client_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.type, forKey: .type)
        try container.encode(kind.title, forKey: .title)
        try container.encode(Int(kind.status.code), forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(problems, forKey: .problems)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(clientID, forKey: .clientID)
    }

    static let mediaType = "application/problem+json"

    /// The problem as an HTTP answer.
    var response: Response {
        var fields = headers
        fields[.contentType] = Self.mediaType + "; charset=utf-8"
        if kind == .unavailable && fields[.retryAfter] == nil { fields[.retryAfter] = "2" }
        // A problem is made of strings and numbers: encoding it cannot fail.
        let body = (try? JSONEncoder.api.encode(self)) ?? Data()
        return Response(status: kind.status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}
