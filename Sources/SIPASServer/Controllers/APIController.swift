import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The JSON API: surveys, units, uploads (with the same validation as the CLI), reports, and
/// the service's health, metrics and OpenAPI document. Its routes are one table
/// (`APIController.routes`): the router serves it and the OpenAPI document describes it.
struct APIController {
    let db: Database
    let configuration: ServerConfiguration
    let availability: DatabaseAvailability
    let submissions: SubmissionIntake
    let submissionLimiter: SubmissionRateLimiter

    init(db: Database, configuration: ServerConfiguration, availability: DatabaseAvailability) {
        self.db = db
        self.configuration = configuration
        self.availability = availability
        submissions = SubmissionIntake(
            db: db, cache: ReferenceCache(), window: configuration.submissionWindow, today: configuration.today)
        submissionLimiter = SubmissionRateLimiter(rate: configuration.submissionRate)
    }

    var maxUploadBytes: Int { configuration.maxUploadBytes }

    /// A route of the table and the method that answers it.
    struct APIRoute: Sendable {
        var route: Route
        var handle: @Sendable (APIController, Request, AppContext) async throws -> Response
    }

    func register(on router: Router<AppContext>) {
        for entry in Self.routes {
            router.on(RouterPath(entry.route.path), method: entry.route.method) { request, context in
                try await entry.handle(self, request, context)
            }
        }
    }
}

extension APIController.APIRoute {
    /// A route whose method returns anything Hummingbird can answer with (a `Response`, an
    /// `Encodable` answer written by `JSONEncoder.api`).
    init<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, _ operation: OpenAPIOperation,
        _ handle: @escaping @Sendable (APIController) -> (Request, AppContext) async throws -> Output
    ) {
        route = Route(method: method, path: path, operation: operation)
        self.handle = { controller, request, context in
            try await handle(controller)(request, context).response(from: request, context: context)
        }
    }
}
