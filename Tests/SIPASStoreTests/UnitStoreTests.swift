import Foundation
import PostgresNIO
import SIPASCore
import SIPASFiles
import SIPASTestSupport
import Testing

@testable import SIPASStore

@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct UnitStoreTests {
    static let folder = TestDatabase.root.appendingPathComponent("Surveys/units")

    static func rows(_ file: String) throws -> [UnitRow] {
        try UnitListReader.readUnits(contentsOf: folder.appendingPathComponent(file))
    }

    static func changes(_ file: String) throws -> [UnitChangeRow] {
        try UnitListReader.readChanges(contentsOf: folder.appendingPathComponent(file))
    }

    static func rows(csv: String) throws -> [UnitRow] {
        try UnitListReader.readUnits(text: csv, file: "inline.csv")
    }

    func counts(_ store: UnitStore, on date: String) async throws -> [UnitLevel: Int] {
        Dictionary(grouping: try await store.list(on: CalendarDate(date)!), by: \.unit.level).mapValues(\.count)
    }

    func unitRowCount(_ db: Database) async throws -> Int {
        try await db.scalar("SELECT count(*)::int FROM units", as: Int.self) ?? -1
    }

    @Test func haTinhThroughItsReorganisations() async throws {
        let y2021 = try Self.rows("ha-tinh-2021.csv")
        let departments = try Self.rows("ha-tinh-departments-2021.csv")
        let y2025a = try Self.rows("ha-tinh-2025-01.csv")
        let y2025b = try Self.rows("ha-tinh-2025-07.csv")
        let successions = try Self.changes("ha-tinh-2025-07-successions.csv")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = UnitStore(db)
            let r1 = try await store.importUnits(y2021, file: "2021", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
            #expect(r1.added == 230 && r1.closed.isEmpty)
            let r2 = try await store.importUnits(
                departments, file: "dep", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
            #expect(r2.added == departments.count && r2.closed.isEmpty)

            // Importing the same list again changes nothing.
            let before = try await unitRowCount(db)
            let again = try await store.importUnits(
                y2021, file: "2021", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
            #expect(again == UnitStore.ImportReport(added: 0, unchanged: 230, replaced: 0, closed: []))
            #expect(try await unitRowCount(db) == before)

            _ = try await store.importUnits(y2025a, file: "2025-01", validFrom: CalendarDate("2025-01-01")!, validTo: nil, actor: "test")
            let r4 = try await store.importUnits(
                y2025b, file: "2025-07", validFrom: CalendarDate("2025-07-01")!, validTo: nil, actor: "test")
            #expect(r4.closed.contains("448 Huyện Lộc Hà") == false)  // closed already on 2025-01-01

            // SIPAS.md §6: 13 districts and 216 communes in 2021; 12 and 210 from 2025-01; 69 communes and no districts from 2025-07.
            #expect(
                try await counts(store, on: "2021-06-30") == [.province: 1, .department: departments.count, .district: 13, .commune: 216])
            #expect(
                try await counts(store, on: "2025-03-31") == [.province: 1, .department: departments.count, .district: 12, .commune: 210])
            #expect(try await counts(store, on: "2025-07-01") == [.province: 1, .department: departments.count, .commune: 69])

            // Codes are reused: 18073 is Phường Nam Hà until 30 June 2025 and Phường Thành Sen after.
            let history = try await store.history(code: "18073")
            #expect(history.map(\.unit.name) == ["Phường Nam Hà", "Phường Thành Sen"])
            #expect(history[0].validTo == CalendarDate("2025-06-30"))
            #expect(history[1].validFrom == CalendarDate("2025-07-01") && history[1].validTo == nil)
            #expect(history[1].unit.parentCode == "42")

            let changes = try await store.importChanges(successions, file: "succ", effective: CalendarDate("2025-07-01")!, actor: "test")
            #expect(changes.added == 212)
            // The real-world gap of the source mapping is reported, not hidden.
            #expect(changes.unmapped == ["18448 Xã Bình Lộc"])
            let twice = try await store.importChanges(successions, file: "succ", effective: CalendarDate("2025-07-01")!, actor: "test")
            #expect(twice.added == 0 && twice.unchanged == 212)

            #expect(try await db.scalar("SELECT count(*)::int FROM audit_events WHERE action LIKE 'units.%'", as: Int.self) == 7)
        }
    }

    @Test func aParentThatDoesNotExistRefusesTheWholeFile() async throws {
        let csv = """
            code,parent_code,level,type,name
            42,,province,province,Tỉnh Hà Tĩnh
            436,42,district,city,Thành phố Hà Tĩnh
            18070,437,commune,ward,Phường Trần Phú
            18073,436,commune,ward,Phường Nam Hà
            """
        let rows = try Self.rows(csv: csv)
        try await TestDatabase.withMigrated { (db: Database) async throws in
            await #expect {
                try await UnitStore(db).importUnits(
                    rows, file: "inline.csv", validFrom: CalendarDate("2021-01-01")!, validTo: nil, actor: "test")
            } throws: { error in
                guard let problems = error as? FileProblems else { return false }
                return problems.problems == [
                    FileProblem(
                        file: "inline.csv", line: 4, column: "parent_code",
                        message: "parent 437 of 18070 is neither in this file nor a unit valid on 2021-01-01")
                ]
            }
            #expect(try await unitRowCount(db) == 0)
            #expect(try await db.scalar("SELECT count(*)::int FROM audit_events", as: Int.self) == 0)
        }
    }

    @Test func aCommuneCannotHangUnderACommune() async throws {
        let rows = try Self.rows(
            csv: "code,parent_code,level,type,name\n42,,province,province,P\n18070,42,commune,ward,A\n18073,18070,commune,ward,B\n")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            await #expect(throws: FileProblems.self) {
                try await UnitStore(db).importUnits(
                    rows, file: "inline.csv", validFrom: CalendarDate("2021-01-01")!, validTo: nil, actor: "test")
            }
            #expect(try await unitRowCount(db) == 0)
        }
    }

    @Test func successionsNeedBothStructures() async throws {
        let y2021 = try Self.rows("ha-tinh-2021.csv")
        let successions = try Self.changes("ha-tinh-2025-07-successions.csv")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = UnitStore(db)
            // The old structure ends on 2025-06-30 and the 2025-07 structure is not imported:
            // every new code is unknown on 2025-07-01.
            _ = try await store.importUnits(
                y2021, file: "2021", validFrom: CalendarDate("2020-01-01")!, validTo: CalendarDate("2025-06-30")!, actor: "test")
            await #expect {
                try await store.importChanges(successions, file: "succ.csv", effective: CalendarDate("2025-07-01")!, actor: "test")
            } throws: { error in
                guard let problems = (error as? FileProblems)?.problems else { return false }
                return problems.contains {
                    $0.line == 2 && $0.column == "new_code" && $0.message.contains("not a unit valid on 2025-07-01")
                }
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM unit_changes", as: Int.self) == 0)
        }
    }

    @Test func anEarlierStructureImportedLaterEndsBeforeTheNewerOne() async throws {
        let csvNew = "code,parent_code,level,type,name\n42,,province,province,Hà Tĩnh\n18073,42,commune,ward,Phường Thành Sen\n"
        let csvOld = "code,parent_code,level,type,name\n42,,province,province,Hà Tĩnh\n18073,42,commune,ward,Phường Nam Hà\n"
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let store = UnitStore(db)
            _ = try await store.importUnits(
                try Self.rows(csv: csvNew), file: "new", validFrom: CalendarDate("2025-07-01")!, validTo: nil, actor: "test")
            let report = try await store.importUnits(
                try Self.rows(csv: csvOld), file: "old", validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
            #expect(report.added == 2)
            let history = try await store.history(code: "18073")
            #expect(history.map(\.unit.name) == ["Phường Nam Hà", "Phường Thành Sen"])
            #expect(history[0].validTo == CalendarDate("2025-06-30"))
        }
    }

    @Test func constraintsLiveInTheDatabase() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let refused = [
                // Two versions of one code may not overlap.
                "INSERT INTO units (code, level, name, valid_from) VALUES ('1', 'province', 'A', '2020-01-01'), ('1', 'province', 'B', '2021-01-01')",
                "INSERT INTO units (code, level, name, valid_from) VALUES ('1', 'village', 'A', '2020-01-01')",
                "INSERT INTO units (code, level, name, valid_from, valid_to) VALUES ('1', 'province', 'A', '2020-01-01', '2019-01-01')",
                "INSERT INTO upload_vectors (upload_id, survey_id, unit_id, period_kind, period_start, counts) VALUES (1, 1, 1, 'month', '2021-01-01', '{1}')",
                "INSERT INTO unit_changes (old_code, new_code, effective_on, kind) VALUES ('1', '2', '2025-07-01', 'absorb')",
                "INSERT INTO app_users (username, role) VALUES ('clerk', 'uploader')",
            ]
            for sql in refused {
                await #expect(throws: PSQLError.self, "\(sql)") {
                    try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
                }
            }
            // A negative count is refused by CHECK even with valid references.
            try await db.client.query(
                "INSERT INTO surveys (code, version, title_vi, title_en, source, definition, content_hash) VALUES ('s', 1, 'a', 'b', 'c', '{}', repeat('a', 64))",
                logger: db.logger)
            try await db.client.query(
                "INSERT INTO units (code, level, name, valid_from) VALUES ('42', 'province', 'P', '2020-01-01')", logger: db.logger)
            try await db.client.query(
                "INSERT INTO uploads (kind, survey_id, file_name, sha256, uploaded_by) SELECT 'tallies', survey_id, 'f.csv', repeat('b', 64), 'test' FROM surveys",
                logger: db.logger)
            let vector =
                "INSERT INTO upload_vectors (upload_id, survey_id, unit_id, period_kind, period_start, counts) SELECT upload_id, survey_id, unit_id, 'month', '2021-01-01', "
            for counts in ["'{3,-1}'", "'{}'"] {
                await #expect(throws: PSQLError.self, "\(counts)") {
                    try await db.client.query(PostgresQuery(unsafeSQL: vector + counts + " FROM uploads, units"), logger: db.logger)
                }
            }
            try await db.client.query(PostgresQuery(unsafeSQL: vector + "'{3,0}' FROM uploads, units"), logger: db.logger)
            #expect(try await db.scalar("SELECT sum(counts[1])::int FROM upload_vectors", as: Int.self) == 3)
            // The views keep the old tables' shape: zeros are not listed.
            #expect(
                try await db.scalar("SELECT count(*)::int FROM item_counts", as: Int.self) == 0,
                "survey 's' has no slots, so nothing is named")
        }
    }
}
