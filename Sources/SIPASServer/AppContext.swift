import Hummingbird
import SIPASCore

/// The signed-in account of a request, from an API token.
public struct AuthUser: Sendable, Equatable {
    public enum Role: String, Sendable, Codable {
        /// Everything, including accounts.
        case admin
        /// Reads everything, imports for any unit.
        case analyst
        /// Uploads and reads only for its unit and the units below it.
        case uploader
        /// Reads reports.
        case viewer
    }

    public var id: Int
    public var username: String
    public var role: Role
    /// An uploader's unit: it may act for this unit and its descendants.
    public var unitCode: String?

    public var mayImport: Bool { role != .viewer }
}

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

    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
        csrfToken = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        maxUploadBytes = 50 * 1024 * 1024
    }

    public var maxUploadSize: Int { maxUploadBytes }

    /// The account, or 401.
    public func requireUser() throws -> AuthUser {
        guard let user else { throw HTTPError(.unauthorized, message: "sign in: send the header Authorization: Bearer <token> (sipas user token NAME)") }
        return user
    }
}
