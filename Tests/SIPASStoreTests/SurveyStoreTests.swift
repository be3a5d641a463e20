import Foundation
import PostgresNIO
import SIPASCore
import SIPASFiles
import SIPASTestSupport
import Testing

@testable import SIPASStore

@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct SurveyStoreTests {
    static func shipped(_ name: String) throws -> Survey {
        try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/\(name).yaml"))
    }

    @Test func addNewThenSameThenConflicting() async throws {
        let survey = try Self.shipped("sipas-2017")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = SurveyStore(db)
            guard case .added(let id) = try await store.add(survey, actor: "test") else {
                Issue.record("expected the first add to store the survey")
                return
            }
            // The same content again (even re-loaded from YAML) changes nothing.
            #expect(try await store.add(try Self.shipped("sipas-2017"), actor: "test") == .unchanged(id: id))

            var changed = survey
            changed.elements[0].items[0].text.vi = "Nơi ngồi chờ rộng rãi"
            await #expect {
                try await store.add(changed, actor: "test")
            } throws: { error in
                "\(error)".contains("already stored with different content")
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM surveys", as: Int.self) == 1)

            // A new version of the changed survey is a new row.
            changed.version = 2
            guard case .added = try await store.add(changed, actor: "test") else {
                Issue.record("expected version 2 to be added")
                return
            }
            let (_, latest) = try await store.get(code: "sipas-2017")
            #expect(latest.version == 2)
            let (_, first) = try await store.get(code: "sipas-2017", version: 1)
            #expect(first == survey)
            #expect(try await store.list().map(\.version) == [1, 2])
            // Two additions were audited.
            #expect(try await db.scalar("SELECT count(*)::int FROM audit_events WHERE action = 'survey.add'", as: Int.self) == 2)
        }
    }

    @Test func allShippedSurveysRoundTrip() async throws {
        let surveys = try ["sipas-2017", "sipas-2023", "kiosk-rating"].map(Self.shipped)
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = SurveyStore(db)
            for survey in surveys {
                _ = try await store.add(survey, actor: "test")
                #expect(try await store.get(code: survey.code).survey == survey)
            }
        }
    }

    @Test func storedSurveysCannotBeUpdatedEvenInSQL() async throws {
        let survey = try Self.shipped("kiosk-rating")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await SurveyStore(db).add(survey, actor: "test")
            await #expect(throws: PSQLError.self) {
                try await db.client.query("UPDATE surveys SET title_vi = 'x'", logger: db.logger)
            }
        }
    }

    @Test func unknownSurveyListsStoredOnes() async throws {
        let survey = try Self.shipped("kiosk-rating")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await SurveyStore(db).add(survey, actor: "test")
            await #expect {
                try await SurveyStore(db).get(code: "sipas-2099")
            } throws: { error in
                "\(error)".contains("survey sipas-2099 is not stored") && "\(error)".contains("kiosk-rating v1")
            }
        }
    }

    @Test func auditEventsAreAppendOnly() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            try await db.client.withConnection { connection in
                try await AuditLog.record(
                    connection, actor: "test", action: "test.write", objectType: "x", objectID: "1", logger: db.logger)
            }
            for sql in ["UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
                await #expect(throws: PSQLError.self, "\(sql) must be refused") {
                    try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
                }
            }
            #expect(try await AuditLog.events(db).map(\.actor) == ["test"])
        }
    }
}
