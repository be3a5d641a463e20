import Foundation
import PostgresNIO
import SIPASCore
import SIPASFiles
import SIPASTestSupport
import Testing

@testable import SIPASStore

/// Schema 0003 stores counts as vectors. These tests check that the layout written by
/// `sipas survey add` (Swift's `CountSlots`) is the one the migration derives from stored
/// definitions, and that migrating a database with counts in the old tables keeps every count.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct CountVectorMigrationTests {
    let logger = TestDatabase.logger

    static func shippedSurveys() throws -> [Survey] {
        let folder = TestDatabase.root.appendingPathComponent("Surveys")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try SurveyLoader.load(contentsOf: folder.appendingPathComponent($0)) }
    }

    static func slots(_ db: Database, _ sql: String) async throws -> [String] {
        try await db.client.withConnection { connection in
            var result: [String] = []
            let rows = try await connection.query(.init(unsafeSQL: sql), logger: db.logger)
            for try await (slot, item, option) in rows.decode((Int, String, String).self) { result.append("\(slot) \(item)/\(option)") }
            return result
        }
    }

    @Test func everyShippedSurveyGetsTheLayoutTheMigrationDerives() async throws {
        let surveys = try Self.shippedSurveys()
        #expect(surveys.count >= 3)
        try await TestDatabase.withMigrated { db in
            for survey in surveys {
                guard case .added(let id) = try await SurveyStore(db).add(survey, actor: "test") else {
                    Issue.record("survey \(survey.code) was not added")
                    continue
                }
                let written = try await Self.slots(
                    db, "SELECT slot, item_code, option_code FROM count_slots WHERE survey_id = \(id) ORDER BY slot")
                let derived = try await Self.slots(
                    db,
                    """
                    SELECT c.slot, c.item_code, c.option_code FROM surveys s, sipas_count_slots(s.definition) c WHERE s.survey_id = \(id) ORDER BY c.slot
                    """)
                let layout = SlotLayout(survey: survey)
                #expect(written.count == layout.count && written.count > survey.allItems.count, "\(survey.code)")
                #expect(written == derived, "\(survey.code): sipas survey add and the migration order the slots differently")
                #expect(written.first == "0 questionnaires/", "\(survey.code)")
            }
        }
    }

    /// A database at schema 0002 with tallies, questionnaire counts (two channels, a
    /// superseded upload) and submissions, in the old long tables, is migrated: every count is
    /// in the views as it was, and reports read the same numbers.
    @Test func migratingKeepsEveryCount() async throws {
        let survey = try Self.shippedSurveys().first { $0.code == "sipas-2017" }!
        let layout = SlotLayout(survey: survey)
        try await TestDatabase.withEmpty { configuration in
            let all = try TestDatabase.migrations()
            #expect(all.map(\.version).contains(3))
            _ = try await Migrator(migrations: all.filter { $0.version < 3 }).migrate(configuration, logger: logger)
            let old: (uploads: Set<String>, items: Set<String>, submissions: Set<String>, january: Int) = try await Database.with(
                configuration, logger: logger
            ) { (db: Database) async throws -> (uploads: Set<String>, items: Set<String>, submissions: Set<String>, january: Int) in
                let (json, hash) = try SurveyStore.canonical(survey)
                try await db.client.query(
                    """
                    INSERT INTO surveys (code, version, title_vi, title_en, source, definition, content_hash)
                    VALUES (\(survey.code), \(survey.version), 'a', 'b', 'c', \(json)::jsonb, \(hash))
                    """, logger: db.logger)
                try await db.client.query(
                    "INSERT INTO units (code, level, name, valid_from) VALUES ('1', 'province', 'P', '2020-01-01'), ('2', 'commune', 'C', '2020-01-01')",
                    logger: db.logger)
                for (kind, status, sha) in [("tallies", "active", "a"), ("responses", "active", "b"), ("responses", "superseded", "c")] {
                    try await db.client.query(
                        PostgresQuery(
                            unsafeSQL: """
                                INSERT INTO uploads (kind, survey_id, file_name, sha256, uploaded_by, status)
                                SELECT '\(kind)', survey_id, 'f', repeat('\(sha)', 64), 'test', '\(status)' FROM surveys
                                """), logger: db.logger)
                }
                // Random counts in random slots, zeros among them (tally sheets have zeros).
                var random = SeededGenerator(state: 20261127)
                var rows: [String] = []
                for upload in 1...3 {
                    for unit in 1...2 {
                        for month in 1...2 {
                            for channel in (upload == 1 ? [""] : ["paper", "kiosk"]) {
                                for slot in 0..<layout.count where slot == 0 || Int.random(in: 0..<3, using: &random) == 0 {
                                    let n = Int.random(in: 0...40, using: &random)
                                    rows.append(
                                        "(\(upload), \(unit), 'month', '2021-0\(month)-01', '\(layout.items[slot])', '\(layout.options[slot])', '\(channel)', \(n))"
                                    )
                                }
                            }
                        }
                    }
                }
                try await db.client.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO upload_counts (upload_id, unit_id, period_kind, period_start, item_code, option_code, channel, count) VALUES \(rows.joined(separator: ","))
                            """), logger: db.logger)
                try await db.client.query(
                    """
                    INSERT INTO item_counts (survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count)
                    SELECT u.survey_id, c.unit_id, c.period_kind, c.period_start, c.item_code, c.option_code, c.channel, sum(c.count)
                    FROM upload_counts c JOIN uploads u USING (upload_id) WHERE u.status = 'active'
                    GROUP BY 1, 2, 3, 4, 5, 6, 7
                    """, logger: db.logger)
                try await db.client.query(
                    """
                    INSERT INTO submission_counts (survey_id, unit_id, period_start, item_code, option_code, channel, count)
                    SELECT survey_id, unit_id, period_start, item_code, option_code, 'web', count + 1 FROM item_counts WHERE channel = 'kiosk'
                    """, logger: db.logger)
                return (
                    try await Self.rows(
                        db,
                        "SELECT upload_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM upload_counts WHERE count <> 0"
                    ),
                    try await Self.rows(
                        db,
                        "SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM item_counts WHERE count <> 0"
                    ),
                    try await Self.rows(
                        db,
                        "SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM submission_counts"
                    ),
                    try await db.scalar(
                        """
                        SELECT sum(count)::int FROM (SELECT unit_id, period_start, item_code, option_code, count FROM item_counts
                                                     UNION ALL SELECT unit_id, period_start, item_code, option_code, count FROM submission_counts) c
                        WHERE unit_id = 2 AND period_start = '2021-01-01' AND item_code = '1.1' AND option_code = '4'
                        """, as: Int.self) ?? 0
                )
            }
            #expect(old.uploads.count > 100 && old.items.count > 50 && old.submissions.count > 20)

            let report = try await Migrator(migrations: all).migrate(configuration, logger: logger)
            #expect(report.applied.contains { $0.hasPrefix("0003") })
            try await Database.with(configuration, logger: logger) { (db: Database) async throws in
                #expect(
                    try await Self.rows(
                        db,
                        "SELECT upload_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM upload_counts")
                        == old.uploads)
                #expect(
                    try await Self.rows(
                        db, "SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM item_counts")
                        == old.items)
                #expect(
                    try await Self.rows(
                        db,
                        "SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM submission_counts"
                    ) == old.submissions)
                // One vector per upload, unit, month and channel: 2 + 4 + 4 per unit and month.
                #expect(try await db.scalar("SELECT count(*)::int FROM upload_vectors", as: Int.self) == (1 + 2 + 2) * 2 * 2)
                // Reports read the vectors: the month's total is tallies + paper + kiosk of the
                // active uploads plus the web submissions, as summed from the old rows.
                let counts = try await ReportStore(db).counts(surveyID: 1, from: .month(2021, 1), to: .month(2021, 1))
                #expect(old.january > 0)
                #expect(counts[2]?.count("1.1", "4") == old.january)
            }
        }
    }

    @Test func aCountWithoutASlotStopsTheMigration() async throws {
        let survey = try Self.shippedSurveys().first { $0.code == "sipas-2017" }!
        try await TestDatabase.withEmpty { configuration in
            let all = try TestDatabase.migrations()
            _ = try await Migrator(migrations: all.filter { $0.version < 3 }).migrate(configuration, logger: logger)
            try await Database.with(configuration, logger: logger) { (db: Database) async throws in
                let (json, hash) = try SurveyStore.canonical(survey)
                try await db.client.query(
                    """
                    INSERT INTO surveys (code, version, title_vi, title_en, source, definition, content_hash)
                    VALUES (\(survey.code), \(survey.version), 'a', 'b', 'c', \(json)::jsonb, \(hash))
                    """, logger: db.logger)
                try await db.client.query(
                    "INSERT INTO units (code, level, name, valid_from) VALUES ('1', 'province', 'P', '2020-01-01')", logger: db.logger)
                try await db.client.query(
                    "INSERT INTO uploads (kind, survey_id, file_name, sha256, uploaded_by) SELECT 'tallies', survey_id, 'f', repeat('a', 64), 't' FROM surveys",
                    logger: db.logger)
                try await db.client.query(
                    """
                    INSERT INTO upload_counts (upload_id, unit_id, period_kind, period_start, item_code, option_code, count)
                    VALUES (1, 1, 'month', '2021-01-01', '1.1', '4', 3), (1, 1, 'month', '2021-01-01', '1.1', 'seven', 2)
                    """, logger: db.logger)
            }
            await #expect {
                _ = try await Migrator(migrations: all).migrate(configuration, logger: logger)
            } throws: { error in
                "\(error)".contains("1.1/seven")
            }
            try await Database.with(configuration, logger: logger) { (db: Database) async throws in
                // Nothing changed: the old table is still there with both rows.
                #expect(try await db.scalar("SELECT count(*)::int FROM upload_counts", as: Int.self) == 2)
                #expect(try await db.scalar("SELECT count(*)::int FROM pg_tables WHERE tablename = 'upload_vectors'", as: Int.self) == 0)
            }
        }
    }

    static func rows(_ db: Database, _ sql: String) async throws -> Set<String> {
        try await db.client.withConnection { connection in
            var result = Set<String>()
            let rows = try await connection.query(.init(unsafeSQL: "SELECT concat_ws('|', t.*) FROM (\(sql)) t"), logger: db.logger)
            for try await row in rows.decode(String.self) { result.insert(row) }
            return result
        }
    }
}
