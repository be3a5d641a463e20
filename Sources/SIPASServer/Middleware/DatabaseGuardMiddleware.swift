import Foundation
import Hummingbird
import SIPASStore
import SIPASUseCases

/// Answers 503 with Retry-After at once while the database is known to be down, and notices
/// when a request finds it down. (A request already waiting inside the connection pool when
/// the database stops waits for the pool to reconnect, which can outlast the outage;
/// Scripts/check-db-restart counts those apart.)
struct DatabaseGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let db: Database
    let availability: DatabaseAvailability

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        // What does not touch the database is always served; health asks it with its own deadline.
        if path == "/metrics" || path == "/healthz" || path.hasPrefix("/openapi.") { return try await next(request, context) }
        guard await availability.available(db) else {
            throw DatabaseError.unreachable(target: "the database", reason: "it did not answer a moment ago")
        }
        do {
            return try await next(request, context)
        } catch  where error.isDatabaseUnavailable {
            await availability.markDown()
            throw error
        } catch let error as DatabaseError {
            if case .unreachable = error { await availability.markDown() }
            throw error
        }
    }
}
