import Foundation
import Hummingbird
import Logging
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

extension Problem {
    /// The problem an error of sipas (or of Hummingbird) is for the API: its kind, its
    /// Vietnamese detail and its English text. Unexpected errors are logged at error level.
    static func from(_ error: any Error, request: Request, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            return from(error, path: request.uri.path)
        case let error as AccessDenied:
            return Problem(.forbidden, vi: vietnamese(error.message, .forbidden), en: error.message)
        case let error as InvalidArgument:
            return invalid(error)
        case let error as SubmissionError:
            return from(error)
        case let error as UploadRefused:
            switch error {
            case .empty: return Problem(.invalidContent, vi: "Tệp rỗng; hãy gửi tệp CSV hoặc XLSX.", en: error.description)
            case .tooLarge(let limit):
                return Problem(.tooLarge, vi: "Tệp lớn hơn giới hạn \(limit / 1_048_576) MB.", en: error.description)
            }
        case let error as FileProblems:
            return from(error)
        case let error as UploadError:
            return Problem(.conflict, vi: WebWording.refusal(error, APIVietnameseWording()), en: error.description(APIWording()))
        case let error as AccountError:
            return Problem(.invalidBody, vi: vietnamese(error.description, .invalidBody), en: error.description)
        case let error as UnitListError:
            return Problem(.invalidBody, vi: vietnamese(error.description, .invalidBody), en: error.description)
        case let error as TemplateService.TemplateError:
            return Problem(.notFound, vi: vietnamese(error.description, .notFound), en: error.description, field: "unit")
        case let error as WorkGate.Busy:
            return busy(error)
        case let error as PDFError:
            logger.error("PDF printing failed", metadata: ["error": "\(error)"])
            return Problem(.unavailable, vi: "Không in được PDF trên máy chủ này: \(error.description)", en: error.description)
        case let error as DatabaseError:
            switch error {
            case .notFound(let message): return Problem(.notFound, vi: vietnamese(message, .notFound), en: message)
            case .conflict(let message): return Problem(.conflict, vi: vietnamese(message, .conflict), en: message)
            case .invalid(let message), .configuration(let message):
                return Problem(.invalidParameter, vi: vietnamese(message, .invalidParameter), en: message)
            case .unreachable: return unavailable
            default:
                logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
                return internalError
            }
        case _ where error.isDatabaseUnavailable:
            return unavailable
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return internalError
        }
    }

    /// Too much of one kind of work at once: 503, to be tried again in a few seconds.
    static func busy(_ error: WorkGate.Busy) -> Problem {
        let detail =
            switch error.work {
            case .passwordCheck: "Đang có quá nhiều lượt đăng nhập; hãy thử lại sau vài giây."
            case .importing: "Máy chủ đang nhập quá nhiều tệp cùng lúc; hãy gửi lại sau vài giây."
            case .report: "Máy chủ đang lập quá nhiều báo cáo và tệp xuất cùng lúc; hãy thử lại sau vài giây."
            }
        var problem = Problem(.unavailable, vi: detail, en: error.description)
        problem.headers[.retryAfter] = "5"
        return problem
    }

    static let unavailable = Problem(
        .unavailable, vi: "Không kết nối được cơ sở dữ liệu; hãy thử lại sau giây lát.",
        en: "the database is not reachable; try again shortly")

    static let internalError = Problem(.internalError, vi: "Lỗi của hệ thống; lỗi đã được ghi lại.", en: "internal error")

    /// Hummingbird's errors and the ones sipas throws as `HTTPError`, by their status.
    static func from(_ error: HTTPError, path: String) -> Problem {
        let kind: Kind
        switch error.status.code {
        case 401: kind = .unauthenticated
        case 403: kind = .forbidden
        case 404: kind = .notFound
        case 405: kind = .methodNotAllowed
        case 409: kind = .conflict
        case 413: kind = .tooLarge
        case 415: kind = .unsupportedMediaType
        case 422: kind = .invalidContent
        case 429: kind = .tooManyRequests
        case 503: kind = .unavailable
        case 400..<500: kind = .invalidParameter
        default: kind = .internalError
        }
        var problem: Problem
        if let message = error.body {
            problem = Problem(kind, vi: vietnamese(message, kind), en: message)
        } else if kind == .notFound {
            problem = Problem(.notFound, vi: "Không có đường dẫn \(path).", en: "there is no \(path)")
        } else {
            problem = Problem(kind, vi: kind.title + ".", en: error.status.reasonPhrase)
        }
        problem.headers = error.headers
        problem.headers[.contentType] = nil
        return problem
    }

    static func invalid(_ error: InvalidArgument) -> Problem {
        let valid = error.expected.count == 1 ? error.expected[0] : "một trong " + error.expected.joined(separator: ", ")
        let detail =
            error.value.isEmpty ? "Thiếu \(error.field); cần \(valid)." : "\(error.field) = \(error.value) không hợp lệ; cần \(valid)."
        return Problem(.invalidParameter, vi: detail, en: error.description, field: error.field, expected: error.expected)
    }

    static func from(_ error: SubmissionError) -> Problem {
        let detail: String
        var expected: [String]?
        switch error {
        case .notJSON: detail = "Nội dung gửi lên không phải JSON hợp lệ."
        case .notAnObject: detail = "Nội dung gửi lên phải là một đối tượng JSON."
        case .notAnArray: detail = "Lô phiếu phải là một mảng JSON các phiếu, hoặc JSON lines (mỗi dòng một phiếu)."
        case .tooManyItems(let count, let limit):
            return Problem(
                .tooLarge, vi: "Một lô có tối đa \(limit) phiếu; lô này có \(count) phiếu. Hãy chia thành nhiều lô.",
                en: error.description)
        case .unknownField(let name, let fields):
            detail = "Không có trường \(name); chỉ dùng các trường \(fields.joined(separator: ", "))."
            expected = fields
        case .missing("answers"): detail = "Thiếu answers: một đối tượng mã câu hỏi → mã phương án, ví dụ {\"1.1\": \"5\"}."
        case .missing(let name): detail = "Thiếu trường \(name)."
        case .notText(let name): detail = "\(name) phải là một chuỗi ký tự."
        case .badText(let name, let max): detail = "\(name) phải dài 1–\(max) ký tự, không có ký tự điều khiển."
        case .notAnAnswer(let item):
            detail = "answers.\(item) phải là mã phương án (chuỗi hoặc số nguyên) hoặc danh sách mã phương án."
        case .unknownItem(let item, let survey):
            return Problem(
                .invalidContent, vi: "answers.\(item): bộ câu hỏi \(survey) không có câu \(item).", en: error.description,
                field: error.field)
        case .dateOutsideWindow(let date, let earliest, let latest, let today):
            let range = "cần ngày YYYY-MM-DD " + (earliest.map { "từ \($0) đến \(latest)" } ?? "đến \(latest)")
            let detail =
                date > latest
                ? "date: ngày \(date) chưa đến (hôm nay là \(today)); \(range)."
                : "date: ngày \(date) quá cũ, không còn nhận phiếu lẻ trước ngày \(earliest?.description ?? "")"
                    + "; \(range) (phiếu cũ hơn hãy nhập bằng tệp)."
            return Problem(.invalidContent, vi: detail, en: error.description, field: error.field, expected: [error.expectedDates])
        }
        return Problem(.invalidBody, vi: detail, en: error.description, field: error.field, expected: expected)
    }

    static func from(_ error: FileProblems) -> Problem {
        let problems = error.problems.map {
            FileProblem(
                file: $0.file, line: $0.line, column: $0.column, message: $0.message(APIWording()),
                detail: FileProblem.vietnamese($0))
        }
        let what = error.problems.allSatisfy { $0.file == "submission" } ? "Phiếu" : "Tệp"
        return Problem(
            .invalidContent, vi: "\(what) có \(problems.count) lỗi; chưa ghi gì.",
            en: "the file has \(problems.count) problem(s); nothing was written", problems: problems)
    }

    /// The Vietnamese of a lower layer's English `message`; the kind's title before the English
    /// when sipas has no wording for it.
    static func vietnamese(_ message: String, _ kind: Kind) -> String {
        APIText.vietnamese(message) ?? "\(kind.title): \(message)"
    }
}

extension Problem.FileProblem {
    /// A problem of a file in Vietnamese where sipas has the wording, its remedy said with the
    /// API's parameters.
    static func vietnamese(_ problem: SIPASCore.FileProblem) -> String {
        var translated = problem
        translated.message = APIText.vietnamese(problem.message) ?? problem.message
        return translated.message(APIVietnameseWording())
    }
}
