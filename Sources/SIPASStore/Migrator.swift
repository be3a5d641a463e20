import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies `Schema/` migrations: each file in its own transaction, under an advisory lock so
/// that two migrators at once are safe, recorded with its checksum. An applied file that was
/// edited later is refused.
public struct Migrator: Sendable {
    /// Arbitrary constant shared by every sipas migrator ("sipas" in ASCII).
    static let lockKey: Int64 = 0x7369_7061_73
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    public struct Report: Sendable {
        public var applied: [String]
        public var alreadyApplied: Int
    }

    /// Applies what is pending. Returns the names applied now.
    public func migrate(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> Report {
        try await Database.withConnection(configuration, logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let report = try await migrateLocked(connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws -> Report {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        let applied = try await appliedMigrations(connection, logger: logger)
        try verify(applied)
        var report = Report(applied: [], alreadyApplied: applied.count)
        for migration in migrations where applied[migration.version] == nil {
            try await connection.query("BEGIN", logger: logger)
            do {
                for statement in SQLScript.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw DatabaseError.migration("migration \(migration.name) failed and was rolled back: \(error.postgresDescription)")
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
            report.applied.append(migration.name)
        }
        return report
    }

    /// The migrations not yet applied; throws if an applied file was changed or is missing.
    public func pending(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let rows = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        var hasTable = false
        for try await exists in rows.decode(Bool.self) { hasTable = exists }
        guard hasTable else { return migrations.map(\.name) }
        let applied = try await appliedMigrations(connection, logger: logger)
        try verify(applied)
        return migrations.filter { applied[$0.version] == nil }.map(\.name)
    }

    private func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [Int: (name: String, checksum: String)]
    {
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        var applied: [Int: (name: String, checksum: String)] = [:]
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            applied[version] = (name, checksum)
        }
        return applied
    }

    private func verify(_ applied: [Int: (name: String, checksum: String)]) throws {
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let file = migrations.first(where: { $0.version == version }) else {
                throw DatabaseError.migration(
                    "the database has migration \(record.name) applied, but Schema/ has no file numbered \(version); is this an older sipas?"
                )
            }
            if file.checksum != record.checksum {
                throw DatabaseError.migration(
                    "migration \(file.name) was edited after it was applied (checksum differs); applied migrations are never edited: restore the file and add a new numbered migration instead"
                )
            }
        }
    }
}
