import PostgresNIO

/// Failures of the storage layer, each described so that the person at the terminal can act.
public enum DatabaseError: Error, CustomStringConvertible, Sendable {
    case configuration(String)
    case unreachable(target: String, reason: String)
    case postgresMissing(String)
    case embedded(String)
    case migration(String)
    case pendingMigrations([String])
    case conflict(String)
    case notFound(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .configuration(let message), .embedded(let message), .migration(let message),
            .conflict(let message), .notFound(let message), .invalid(let message), .postgresMissing(let message):
            return message
        case .unreachable(let target, let reason):
            return
                "cannot reach PostgreSQL at \(target): \(reason). Check DATABASE_URL or PGHOST/PGPORT, or unset them to use the embedded database."
        case .pendingMigrations(let names):
            return "the database schema is not up to date (\(names.count) migration(s) pending, first \(names[0])); run `sipas db migrate`"
        }
    }
}

extension Error {
    /// A one-line explanation of a PostgreSQL error: SQLSTATE, message and detail.
    public var postgresDescription: String {
        if let psql = self as? PSQLError {
            var parts: [String] = []
            if let message = psql.serverInfo?[.message] { parts.append(message) }
            if let detail = psql.serverInfo?[.detail] { parts.append(detail) }
            if let state = psql.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
            if parts.isEmpty { return "\(psql.code)" }
            return parts.joined(separator: "; ")
        }
        if let tx = self as? PostgresTransactionError {
            if let closure = tx.closureError { return closure.postgresDescription }
            if let begin = tx.beginError { return begin.postgresDescription }
            if let commit = tx.commitError { return commit.postgresDescription }
        }
        return String(describing: self)
    }

    /// The error thrown inside a transaction closure, unwrapped from PostgresNIO's wrapper.
    public var unwrappingTransaction: Error {
        if let tx = self as? PostgresTransactionError {
            return tx.closureError ?? tx.beginError ?? tx.commitError ?? self
        }
        return self
    }

    /// The database could not be reached or dropped the connection (a restart): a 503, not a 500.
    public var isDatabaseUnavailable: Bool {
        if case .unreachable = self as? DatabaseError { return true }
        guard let psql = unwrappingTransaction as? PSQLError else { return false }
        return psql.code == .connectionError || psql.code == .serverClosedConnection || psql.code == .clientClosedConnection
            || psql.code == .poolClosed || psql.serverInfo?[.sqlState]?.hasPrefix("57P") == true
    }

    public var sqlState: String? {
        (unwrappingTransaction as? PSQLError)?.serverInfo?[.sqlState]
    }
}
