import ArgumentParser
import Foundation
import Logging
import SIPASCore
import SIPASStore

/// What every command that touches the database needs: a logger on stderr, the database
/// (configured or embedded), the schema checked, and who is acting.
struct CommandContext {
    let logger: Logger

    init(verbose: Bool = false) {
        let level: Logger.Level =
            verbose ? .debug : (ProcessInfo.processInfo.environment["SIPAS_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .notice)
        LoggingSystem.bootstrapOnce(level: level)
        var logger = Logger(label: "sipas")
        logger.logLevel = level
        self.logger = logger
    }

    /// The person or service acting, recorded in uploads and the audit trail.
    var actor: String {
        let env = ProcessInfo.processInfo.environment
        if let user = env["SIPAS_USER"], !user.isEmpty { return user }
        return "cli:\(env["USER"] ?? env["LOGNAME"] ?? ProcessInfo.processInfo.userName)"
    }

    func migrator() throws -> Migrator {
        try Migrator(migrations: Migration.load(from: ProjectPaths.schema()))
    }

    /// Runs `body` with the database. The embedded database is migrated automatically; a
    /// configured one must be migrated with `sipas db migrate` first.
    /// Runs `body` with the database (migrated, as the service's role when embedded);
    /// `statementTimeout` bounds each statement of the pool (the service sets it).
    func withDatabase<T: Sendable>(statementTimeout: Duration? = nil, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        var configuration = try await Database.resolveConfiguration(logger: logger)
        configuration.statementTimeout = statementTimeout
        let migrator = try migrator()
        if let cluster = configuration.embedded {
            // The owner migrates; everything else runs as the service's role (least privilege).
            let report = try await migrator.migrate(configuration, logger: logger)
            for name in report.applied { logger.notice("applied migration \(name)") }
            var service = cluster.serviceConfiguration
            service.statementTimeout = statementTimeout
            return try await Database.with(service, logger: logger, body)
        } else {
            let pending = try await Database.withConnection(configuration, logger: logger) { connection in
                try await migrator.pending(connection, logger: logger)
            }
            if !pending.isEmpty { throw DatabaseError.pendingMigrations(pending) }
        }
        return try await Database.with(configuration, logger: logger, body)
    }
}

extension LoggingSystem {
    nonisolated(unsafe) private static var done = false

    static func bootstrapOnce(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Today in Vietnam (UTC+7).
func today() -> CalendarDate { CalendarDate.today() }

/// Left-pads columns of text for the terminal.
func table(_ rows: [[String]]) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    var widths = Array(repeating: 0, count: width)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
