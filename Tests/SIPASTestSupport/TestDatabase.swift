import Foundation
import Logging
import PostgresNIO
import SIPASStore

/// A fresh, migrated database of its own for one test, on the server that `Scripts/test`
/// starts (PGHOST … in the environment). Dropped afterwards.
public enum TestDatabase {
    /// True when a database is configured, or under CI (where a missing one must fail loudly
    /// instead of skipping).
    public static var isAvailable: Bool {
        let env = ProcessInfo.processInfo.environment
        return (try? DatabaseConfiguration.fromEnvironment()) != nil || env["CI"] != nil || env["SIPAS_TEST_DATABASE"] != nil
    }

    public static var logger: Logger {
        var logger = Logger(label: "sipas-test")
        logger.logLevel = .warning
        return logger
    }

    /// The repository root (for Schema/ and Surveys/).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static func migrations() throws -> [Migration] {
        try Migration.load(from: root.appendingPathComponent("Schema"))
    }

    /// The server's configuration with a new, empty database (not migrated).
    public static func emptyDatabase() async throws -> DatabaseConfiguration {
        guard let server = try DatabaseConfiguration.fromEnvironment() else {
            throw DatabaseError.configuration("no PostgreSQL configured for the tests (PGHOST or DATABASE_URL): run Scripts/test")
        }
        let name = "sipas_test_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
        let configuration = server.with(database: name)
        try await Database.createDatabaseIfMissing(configuration, logger: logger)
        return configuration
    }

    /// Runs `body` with a migrated database of its own, dropped afterwards.
    public static func withMigrated<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let configuration = try await emptyDatabase()
        do {
            _ = try await Migrator(migrations: migrations()).migrate(configuration, logger: logger)
            let result = try await Database.with(configuration, logger: logger, body)
            try await Database.dropDatabase(configuration, logger: logger)
            return result
        } catch {
            try? await Database.dropDatabase(configuration, logger: logger)
            throw error
        }
    }

    /// Runs `body` with an empty database of its own, dropped afterwards.
    public static func withEmpty<T: Sendable>(_ body: @Sendable (DatabaseConfiguration) async throws -> T) async throws -> T {
        let configuration = try await emptyDatabase()
        do {
            let result = try await body(configuration)
            try await Database.dropDatabase(configuration, logger: logger)
            return result
        } catch {
            try? await Database.dropDatabase(configuration, logger: logger)
            throw error
        }
    }
}

/// Runs SQL that returns one value (tests check the database directly).
extension Database {
    public func scalar<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type = T.self) async throws -> T? {
        try await client.withConnection { connection in
            let rows = try await connection.query(.init(unsafeSQL: sql), logger: logger)
            for try await value in rows.decode(T.self) { return value }
            return nil
        }
    }
}
