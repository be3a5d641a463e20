import SIPASCore

/// The signed-in account of a request or command: who acts, with which role, for which unit.
public struct AuthUser: Sendable, Equatable {
    public var id: Int
    public var username: String
    public var role: Role
    /// An uploader's unit: it may act for this unit and its descendants.
    public var unitCode: String?

    public init(id: Int, username: String, role: Role, unitCode: String?) {
        self.id = id
        self.username = username
        self.role = role
        self.unitCode = unitCode
    }

    public var mayImport: Bool { role.mayImport }
}
