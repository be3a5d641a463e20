import Foundation
import Logging
import PostgresNIO

/// A running connection pool to sipas's database, and the entry point of every store.
public struct Database: Sendable {
    public let client: PostgresClient
    public let configuration: DatabaseConfiguration
    public let logger: Logger

    /// The configuration from the environment, or the embedded cluster (started when needed).
    public static func resolveConfiguration(logger: Logger, env: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> DatabaseConfiguration
    {
        if let configured = try DatabaseConfiguration.fromEnvironment(env) { return configured }
        let cluster = EmbeddedCluster.fromEnvironment(env)
        for line in try cluster.start() { logger.notice("\(line)") }
        try await createDatabaseIfMissing(cluster.configuration, logger: logger)
        return cluster.configuration
    }

    /// Creates the configured database, connecting to the server's `postgres` database.
    public static func createDatabaseIfMissing(_ configuration: DatabaseConfiguration, logger: Logger) async throws {
        let name = configuration.database
        try await withConnection(configuration.with(database: "postgres"), logger: logger) { connection in
            let rows = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            guard !exists else { return }
            do {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(name))"), logger: logger)
                logger.notice("created the database \(name)")
            } catch  where error.sqlState == "42P04" {
                // Another process created it first.
            }
        }
    }

    /// Drops a database (tests clean up after themselves).
    public static func dropDatabase(_ configuration: DatabaseConfiguration, logger: Logger) async throws {
        _ = try await withConnection(configuration.with(database: "postgres"), logger: logger) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(quoteIdentifier(configuration.database)) WITH (FORCE)"), logger: logger)
        }
    }

    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Opens one connection with a short timeout, runs `body`, closes it. A server that does
    /// not answer gives `DatabaseError.unreachable` naming the host or socket tried.
    public static func withConnection<T: Sendable>(
        _ configuration: DatabaseConfiguration, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration.connectionConfiguration, id: 1, logger: logger)
        } catch {
            throw DatabaseError.unreachable(target: configuration.target, reason: error.postgresDescription)
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Checks the server answers, then runs `body` with a pool whose `run()` lives exactly as
    /// long as `body`.
    public static func with<T: Sendable>(
        _ configuration: DatabaseConfiguration, logger: Logger,
        _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        _ = try await withConnection(configuration, logger: logger) { connection in
            try await connection.query("SELECT 1", logger: logger)
        }
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        let database = Database(client: client, configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // Give run() a moment to start so that the first lease does not warn.
            try await Task.sleep(for: .milliseconds(5))
            return try await body(database)
        }
    }
}
