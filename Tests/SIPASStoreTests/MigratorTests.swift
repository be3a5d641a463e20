import Foundation
import PostgresNIO
import SIPASTestSupport
import Testing

@testable import SIPASStore

@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct MigratorTests {
    let logger = TestDatabase.logger

    func tableCount(_ configuration: DatabaseConfiguration) async throws -> Int {
        try await Database.withConnection(configuration, logger: logger) { connection in
            let rows = try await connection.query("SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public'", logger: logger)
            for try await n in rows.decode(Int.self) { return n }
            return 0
        }
    }

    @Test func migrateTwiceChangesNothingTheSecondTime() async throws {
        try await TestDatabase.withEmpty { configuration in
            let migrator = Migrator(migrations: try TestDatabase.migrations())
            let first = try await migrator.migrate(configuration, logger: logger)
            #expect(first.applied == migrator.migrations.map(\.name))
            let tables = try await tableCount(configuration)
            #expect(tables >= 12)
            let second = try await migrator.migrate(configuration, logger: logger)
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == migrator.migrations.count)
            #expect(try await tableCount(configuration) == tables)
        }
    }

    @Test func twoMigratorsAtOnceApplyEachFileOnce() async throws {
        try await TestDatabase.withEmpty { configuration in
            let migrator = Migrator(migrations: try TestDatabase.migrations())
            async let a = migrator.migrate(configuration, logger: logger)
            async let b = migrator.migrate(configuration, logger: logger)
            let (ra, rb) = try await (a, b)
            // Exactly one of them applied the files; the other found them applied.
            #expect((ra.applied + rb.applied).sorted() == migrator.migrations.map(\.name))
            let recorded = try await Database.withConnection(configuration, logger: logger) { connection in
                let rows = try await connection.query("SELECT count(*)::int FROM schema_migrations", logger: logger)
                for try await n in rows.decode(Int.self) { return n }
                return -1
            }
            #expect(recorded == migrator.migrations.count)
        }
    }

    @Test func anAppliedFileEditedLaterIsRefusedByName() async throws {
        try await TestDatabase.withEmpty { configuration in
            var migrations = try TestDatabase.migrations()
            _ = try await Migrator(migrations: migrations).migrate(configuration, logger: logger)
            migrations[0].sql += "\n-- an innocent-looking edit\n"
            let edited = Migrator(migrations: migrations)
            await #expect {
                try await edited.migrate(configuration, logger: logger)
            } throws: { error in
                "\(error)".contains(migrations[0].name) && "\(error)".contains("edited after it was applied")
            }
        }
    }

    @Test func aFailingMigrationRollsBackWhole() async throws {
        try await TestDatabase.withEmpty { configuration in
            var migrations = try TestDatabase.migrations()
            migrations.append(
                Migration(version: 9999, name: "9999_break_things.sql", sql: "CREATE TABLE half_done (x int);\nSELECT no_such_function();"))
            await #expect(throws: DatabaseError.self) {
                try await Migrator(migrations: migrations).migrate(configuration, logger: logger)
            }
            let exists = try await Database.withConnection(configuration, logger: logger) { connection in
                let rows = try await connection.query("SELECT to_regclass('half_done') IS NOT NULL", logger: logger)
                for try await v in rows.decode(Bool.self) { return v }
                return true
            }
            #expect(!exists)
        }
    }

    @Test func pendingListsWhatIsMissing() async throws {
        try await TestDatabase.withEmpty { configuration in
            let migrator = Migrator(migrations: try TestDatabase.migrations())
            let before = try await Database.withConnection(configuration, logger: logger) { try await migrator.pending($0, logger: logger) }
            #expect(before == migrator.migrations.map(\.name))
            _ = try await migrator.migrate(configuration, logger: logger)
            let after = try await Database.withConnection(configuration, logger: logger) { try await migrator.pending($0, logger: logger) }
            #expect(after.isEmpty)
        }
    }
}

@Suite struct SQLScriptTests {
    @Test func splitsOnTopLevelSemicolonsOnly() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'a;b');
            /* block; comment */ CREATE TABLE "we;ird" (y int);
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'no; never'; END;
            $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            SELECT 'it''s; fine'
            """
        let statements = SQLScript.statements(sql)
        #expect(statements.count == 5)
        #expect(statements[0].hasSuffix("DEFAULT 'a;b')"))
        #expect(statements[2].contains("RAISE EXCEPTION 'no; never'; END;"))
        #expect(statements[3].hasSuffix("$body$ SELECT 1; $body$"))
        #expect(statements[4] == "SELECT 'it''s; fine'")
    }

    @Test func commentsAloneAreNoStatement() {
        #expect(SQLScript.statements("-- only a comment\n;\n  ;") == [])
    }

    @Test func shippedMigrationsSplit() throws {
        // Every shipped migration holds several statements (0004 only two), each sent alone.
        for migration in try TestDatabase.migrations() {
            #expect(SQLScript.statements(migration.sql).count > 1, "\(migration.name)")
        }
    }
}
