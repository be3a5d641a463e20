import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

extension APIController {
    /// What became of a submission: `status` is `stored` (201), `already stored` (200: the
    /// same account sent the same client id and content before) or `conflict` (409: the same
    /// account sent this client id with other content; `id` is the stored one, `error` says so).
    struct SubmissionReceipt: Encodable {
        var status: String
        var id: Int
        var client_id: String
        var error: String?
    }

    /// One questionnaire from a kiosk or the portal (see `SubmissionIntake`): HTTP reads the
    /// body and answers; the use case checks and stores.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireSubmit(user)
        let media = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard media == "application/json" else {
            throw HTTPError(.unsupportedMediaType, message: "send the questionnaire as application/json")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 64 * 1024) } catch {
            throw HTTPError(.contentTooLarge, message: "a questionnaire is at most 64 KB of JSON")
        }
        let receipt = try await submissions.submit(Data(buffer: body), user: user)
        switch receipt.outcome {
        case .stored(let id):
            return try Response.json(SubmissionReceipt(status: "stored", id: id, client_id: receipt.clientID), status: .created)
        case .duplicate(let id):
            return try Response.json(SubmissionReceipt(status: "already stored", id: id, client_id: receipt.clientID))
        case .conflict(let id):
            let message =
                "client_id \(receipt.clientID) was already used by this account for another questionnaire (response \(id)); nothing was stored or overwritten"
            return try Response.json(
                SubmissionReceipt(status: "conflict", id: id, client_id: receipt.clientID, error: message), status: .conflict)
        }
    }
}
