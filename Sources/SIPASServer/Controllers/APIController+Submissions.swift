import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

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
        let media = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard media == "application/json" else {
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
            var problem = Problem(
                .submissionConflict,
                vi: "Tài khoản này đã dùng client_id \(receipt.clientID) cho một phiếu khác (phiếu số \(id)); chưa lưu hay ghi đè gì.",
                en:
                    "client_id \(receipt.clientID) was already used by this account for another questionnaire (response \(id)); nothing was stored or overwritten"
            )
            problem.id = id
            problem.clientID = receipt.clientID
            throw problem
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
