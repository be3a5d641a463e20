/// An account asked for something its role or its area does not allow. `message` says what
/// it may do instead; each front end shows it its own way (403, an error page, stderr).
public struct AccessDenied: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(message: String) { self.message = message }

    public var description: String { message }
}
