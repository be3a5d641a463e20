import Foundation
import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

extension Problem {
    /// The account used `clientID` for another questionnaire, stored as `id`.
    static func submissionConflict(id: Int, clientID: String) -> Problem {
        var problem = Problem(
            .submissionConflict,
            vi: "Tài khoản này đã dùng client_id \(clientID) cho một phiếu khác (phiếu số \(id)); chưa lưu hay ghi đè gì.",
            en:
                "client_id \(clientID) was already used by this account for another questionnaire (response \(id)); nothing was stored or overwritten"
        )
        problem.id = id
        problem.clientID = clientID
        return problem
    }
}

extension APIController {
    /// What became of a submission: `status` is `stored` (201) or `already stored` (200: the
    /// same account sent the same client id and content before). The same client id with
    /// other content is a problem (409 `submission-conflict`) naming the stored one.
    struct SubmissionReceipt: Encodable {
        var status: String
        var id: Int
        var client_id: String
    }

    /// One questionnaire from a kiosk or the portal (see `SubmissionIntake`): HTTP reads the
    /// body and answers; the use case checks and stores.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireSubmit(user)
        try admit(request, user: user)
        guard Self.mediaType(request) == "application/json" else {
            throw Problem(
                .unsupportedMediaType, vi: "Hãy gửi phiếu dưới dạng application/json.", en: "send the questionnaire as application/json")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 64 * 1024) } catch {
            throw Problem(.tooLarge, vi: "Một phiếu dài tối đa 64 KB JSON.", en: "a questionnaire is at most 64 KB of JSON")
        }
        let receipt = try await submissions.submit(Data(buffer: body), user: user)
        switch receipt.outcome {
        case .stored(let id):
            return try Response.json(SubmissionReceipt(status: "stored", id: id, client_id: receipt.clientID), status: .created)
        case .duplicate(let id):
            return try Response.json(SubmissionReceipt(status: "already stored", id: id, client_id: receipt.clientID))
        case .conflict(let id):
            throw Problem.submissionConflict(id: id, clientID: receipt.clientID)
        }
    }

    /// What became of a batch: the counts, and every item by its position.
    struct BatchReceipt: Encodable {
        struct Item: Encodable {
            var index: Int
            var client_id: String?
            /// `stored`, `already_stored` or `refused`.
            var status: String
            var response_id: Int?
            var problem: Problem?
        }

        var stored: Int
        var duplicates: Int
        var refused: Int
        var items: [Item]
    }

    /// Many questionnaires at once (see `SubmissionIntake.submitBatch`): a JSON array, or JSON
    /// lines. The batch counts as one request against the token's rate.
    func submitBatch(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireSubmit(user)
        try admit(request, user: user)
        let format: SubmissionBatch.Format
        switch Self.mediaType(request) {
        case "application/json": format = .array
        case "application/x-ndjson", "application/jsonl": format = .lines
        default:
            throw Problem(
                .unsupportedMediaType, vi: "Hãy gửi lô phiếu dưới dạng application/json (một mảng) hoặc application/x-ndjson.",
                en: "send the batch as application/json (an array) or application/x-ndjson (JSON lines)")
        }
        let limit = SubmissionBatch.maxBytes
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch {
            throw Problem(
                .tooLarge, vi: "Một lô phiếu dài tối đa \(limit >> 20) MB.",
                en: "a batch is at most \(limit >> 20) MB (and \(SubmissionBatch.maxItems) questionnaires)")
        }
        let items = try await submissions.submitBatch(Data(buffer: body), format: format, user: user)
        var receipt = BatchReceipt(stored: 0, duplicates: 0, refused: 0, items: [])
        receipt.items.reserveCapacity(items.count)
        for item in items {
            var line = BatchReceipt.Item(index: item.index, client_id: item.clientID, status: "refused")
            switch item.outcome {
            case .stored(let id):
                (line.status, line.response_id) = ("stored", id)
                receipt.stored += 1
            case .duplicate(let id):
                (line.status, line.response_id) = ("already_stored", id)
                receipt.duplicates += 1
            case .conflict(let id):
                line.problem = Problem.submissionConflict(id: id, clientID: item.clientID ?? "")
                receipt.refused += 1
            case .refused(let error):
                var problem = Problem.from(error, request: request, logger: context.logger)
                // The field of the body a questionnaire's first problem is in (its column).
                if let column = (error as? FileProblems)?.problems.first?.column, problem.field == nil {
                    problem.field = Submission.fields.contains(column) ? column : "answers.\(column)"
                }
                line.problem = problem
                receipt.refused += 1
            }
            receipt.items.append(line)
        }
        return try Response.json(receipt)
    }

    /// The media type of the body, without its parameters, in lower case.
    static func mediaType(_ request: Request) -> String? {
        (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// Counts the submission against its token's rate (`SubmissionRateLimiter`), before its body
    /// is read: over it, 429 with `Retry-After`.
    func admit(_ request: Request, user: AuthUser) throws {
        let key = SubmissionRateLimiter.key(authorization: request.headers[.authorization], accountID: user.id)
        guard let seconds = submissionLimiter.take(key) else { return }
        let rate = submissionLimiter.rate
        var problem = Problem(
            .tooManyRequests,
            vi: "Thiết bị này gửi quá \(rate.perMinute) phiếu mỗi phút; phiếu chưa được lưu, hãy gửi lại sau \(seconds) giây.",
            en: "more than \(rate.perMinute) questionnaires a minute from this token; nothing was stored, send it again in \(seconds) s")
        problem.headers[.retryAfter] = String(seconds)
        throw problem
    }
}
