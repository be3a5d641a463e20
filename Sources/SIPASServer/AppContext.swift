import Foundation
import Hummingbird
import NIOCore
import SIPASCore
import SIPASUseCases

/// The request context of sipas: Hummingbird's core storage and the signed-in account.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: AuthUser?
    /// Set when the account came from a browser session (a cookie), not an API token: every
    /// form of the session must then carry this token.
    public var csrfToken: String?
    /// The client's address, for the sign-in rate limit and the audit trail.
    public var remoteAddress: String
    public var maxUploadBytes: Int
    /// The connection: a streamed answer whose client stops reading closes it.
    public let channel: any NIOCore.Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        csrfToken = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        maxUploadBytes = 50 * 1024 * 1024
        channel = source.channel
    }

    public var maxUploadSize: Int { maxUploadBytes }

    /// Routes returning a `ResponseEncodable` are encoded like every other JSON answer.
    public var responseEncoder: JSONEncoder { .api }

    /// The account, or 401.
    public func requireUser() throws -> AuthUser {
        guard let user else {
            throw HTTPError(.unauthorized, message: "sign in: send the header Authorization: Bearer <token> (sipas user token NAME)")
        }
        return user
    }
}
