/// An account that the database refuses to store as given.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name, the role or the unit breaks the rules: a name is 2–64 of a-z 0-9 . _ -, the
    /// role one of admin, analyst, uploader, viewer, kiosk, and an uploader or kiosk has a unit.
    case invalid(username: String)

    public var description: String {
        switch self {
        case .invalid(let username):
            "account \(username) is not valid: the name is 2–64 of a-z 0-9 . _ -, the role admin, analyst, uploader, viewer or kiosk, and an uploader or kiosk needs a unit"
        }
    }
}
