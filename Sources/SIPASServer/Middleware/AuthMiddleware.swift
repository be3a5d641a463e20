import Crypto
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import SIPASStore
import SIPASUseCases

/// Who is asking. An API client sends `Authorization: Bearer <token>` (tokens are stored only
/// as their SHA-256); a browser carries the session cookie (stored only as its SHA-256).
/// Unknown, revoked or disabled tokens are refused with 401; a request without either passes
/// on unauthenticated (each route decides). A browser session that writes through the JSON
/// API must send its CSRF token in the `X-CSRF-Token` header; the web forms check theirs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountStore
    let tokens: TokenCache

    static let sessionCookie = "sipas_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst(7)), !token.isEmpty else {
                throw HTTPError(.unauthorized, message: "the Authorization header must be: Bearer <token>")
            }
            guard let account = try await tokens.account(forToken: token, lookup: accounts.account(forToken:)), !account.disabled else {
                throw HTTPError(.unauthorized, message: "the token is not valid (unknown, revoked, or its account is disabled)")
            }
            context.user = AuthUser(account)
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty, cookie.count <= 128,
            let session = try await accounts.session(forToken: cookie)
        {
            context.user = AuthUser(session.account)
            context.csrfToken = session.csrfToken
            if request.uri.path.hasPrefix("/api/") && !Self.isSafe(request.method) {
                guard let sent = request.headers[.init("X-CSRF-Token")!], Self.same(sent, session.csrfToken) else {
                    throw HTTPError(.forbidden, message: "a browser session must send its CSRF token in the X-CSRF-Token header")
                }
            }
        }
        return try await next(request, context)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

extension AuthUser {
    init(_ account: AccountStore.Account) {
        self.init(id: account.id, username: account.username, role: account.role, unitCode: account.unitCode)
    }
}
