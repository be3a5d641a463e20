import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

extension APIController {
    /// What became of a submission: `status` is `stored` (201) or `already stored` (200).
    struct SubmissionReceipt: Encodable {
        var status: String
        var id: Int
        var client_id: String
    }

    /// One questionnaire from a kiosk or the portal (see `SubmissionIntake`): HTTP reads the
    /// body and answers; the use case checks and stores.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try AccessPolicy.requireImport(user)
        let media = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard media == "application/json" else { throw HTTPError(.unsupportedMediaType, message: "send the questionnaire as application/json") }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 64 * 1024) } catch {
            throw HTTPError(.contentTooLarge, message: "a questionnaire is at most 64 KB of JSON")
        }
        let receipt = try await submissions.submit(Data(buffer: body), user: user)
        switch receipt.outcome {
        case let .stored(id):
            return try Response.json(SubmissionReceipt(status: "stored", id: id, client_id: receipt.clientID), status: .created)
        case let .duplicate(id):
            return try Response.json(SubmissionReceipt(status: "already stored", id: id, client_id: receipt.clientID))
        }
    }
}
