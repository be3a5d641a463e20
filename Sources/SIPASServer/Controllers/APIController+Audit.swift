import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

extension APIController {
    struct AuditBody: ResponseEncodable {
        var id: Int
        var occurred_at: Date
        var actor: String
        var action: String
        var object_type: String
        var object_id: String
        /// What the event recorded, as an object of strings.
        var details: [String: String]
    }

    func audit(_ request: Request, context: AppContext) async throws -> [AuditBody] {
        try AccessPolicy.requireAdmin(try context.requireUser())
        let query = request.uri.queryParameters
        var since: Date?
        if let text = query["since"] {
            guard let date = APITime.parse(String(text)) else {
                throw InvalidArgument(
                    field: "since", value: String(text), expected: ["an ISO 8601 time with its offset, e.g. 2021-03-01T00:00:00+07:00"])
            }
            since = date
        }
        return try await AuditLog.events(db, since: since, actor: query["user"].map(String.init)).map {
            AuditBody(
                id: $0.id, occurred_at: $0.occurredAt, actor: $0.actor, action: $0.action, object_type: $0.objectType,
                object_id: $0.objectID, details: $0.detailFields)
        }
    }
}
