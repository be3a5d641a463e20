import Crypto
import Foundation
import Hummingbird
import SIPASStore

/// Reads `Authorization: Bearer <token>`, looks up the SHA-256 of the token (tokens are
/// stored only as hashes) and puts the account in the context. Unknown, revoked or disabled
/// tokens are refused with 401; requests without a token pass on unauthenticated.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst(7)), !token.isEmpty else {
            throw HTTPError(.unauthorized, message: "the Authorization header must be: Bearer <token>")
        }
        guard let account = try await accounts.account(forToken: token), !account.disabled else {
            throw HTTPError(.unauthorized, message: "the token is not valid (unknown, revoked, or its account is disabled)")
        }
        var context = context
        context.user = AuthUser(id: account.id, username: account.username, role: AuthUser.Role(rawValue: account.role) ?? .viewer, unitCode: account.unitCode)
        return try await next(request, context)
    }
}
