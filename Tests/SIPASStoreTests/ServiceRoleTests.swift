import Foundation
import PostgresNIO
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASStore

/// Least privilege (schema 0006): the service's login role reads and writes data, but is no
/// superuser, owns nothing, changes no table and cannot rewrite the audit trail.
@Suite struct ServiceRoleTests {
    /// Runs `sql` as the service role; the SQLSTATE it fails with, or nil when it succeeds.
    static func attempt(_ db: Database, _ sql: String) async -> String? {
        do {
            try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
            return nil
        } catch {
            return error.sqlState ?? "\(error)"
        }
    }

    @Test func theServiceRoleWritesDataButNeverTheAuditTrailOrTheSchema() async throws {
        try await TestDatabase.withEmpty { (owner: DatabaseConfiguration) async throws in
            _ = try await Migrator(migrations: TestDatabase.migrations()).migrate(owner, logger: TestDatabase.logger)
            let service = owner.with(username: EmbeddedCluster.serviceUser)
            try await Database.with(service, logger: TestDatabase.logger) { db in
                // Who it is.
                #expect(try await db.scalar("SELECT current_user::text", as: String.self) == "sipas_app")
                #expect(try await db.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", as: Bool.self) == false)
                #expect(
                    try await db.scalar(
                        "SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE relname = 'audit_events'", as: String.self)
                        != "sipas_app")

                // Data: an account is added (INSERT into app_users and audit_events), read back, disabled (UPDATE).
                let store = AccountStore(db)
                try await store.add(username: "clerk", role: .uploader, unitCode: "18073", passwordHash: nil, actor: "test")
                try await store.setDisabled("clerk", true, actor: "test")
                #expect(try await AuditLog.events(db).map(\.action).contains("user.disable"))

                // The audit trail and the schema are out of reach: insufficient_privilege (42501).
                for sql in [
                    "UPDATE audit_events SET actor = 'someone else'",
                    "DELETE FROM audit_events",
                    "TRUNCATE audit_events",
                    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
                    "DROP TABLE uploads",
                    "CREATE TABLE evil (x int)",
                    "ALTER TABLE uploads ADD COLUMN evil int",
                ] {
                    #expect(await Self.attempt(db, sql) == "42501", "\(sql)")
                }
                #expect(try await db.scalar("SELECT count(*)::int FROM audit_events WHERE actor = 'someone else'", as: Int.self) == 0)
            }
        }
    }
}
