import Foundation
import PostgresNIO
import SIPASCore
import SIPASFiles
import SIPASStore

/// A database with the shipped sipas-2017 survey and Hà Tĩnh's 2021 units (and departments),
/// as a province has it before its first monthly import.
public enum ImportFixture {
    public static func prepare(_ db: Database) async throws -> Survey {
        let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))
        _ = try await SurveyStore(db).add(survey, actor: "test")
        for file in ["ha-tinh-2021.csv", "ha-tinh-departments-2021.csv"] {
            let rows = try UnitListReader.readUnits(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/units/\(file)"))
            _ = try await UnitStore(db).importUnits(
                rows, file: file,
                validFrom: CalendarDate("2020-01-01")!, validTo: nil, actor: "test")
        }
        return survey
    }

    /// Hà Tĩnh's structures of 1 January and 1 July 2025 on top of `prepare`, and the
    /// successions of 1 July that `keep` accepts; returns the successions imported.
    @discardableResult
    public static func reorganise2025(_ db: Database, keep: (UnitChangeRow) -> Bool = { _ in true }) async throws -> [UnitChangeRow] {
        let store = UnitStore(db)
        for (file, from) in [("ha-tinh-2025-01.csv", "2025-01-01"), ("ha-tinh-2025-07.csv", "2025-07-01")] {
            let rows = try UnitListReader.readUnits(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/units/\(file)"))
            _ = try await store.importUnits(rows, file: file, validFrom: CalendarDate(from)!, validTo: nil, actor: "test")
        }
        let changes = try UnitListReader.readChanges(
            contentsOf: TestDatabase.root.appendingPathComponent("Surveys/units/ha-tinh-2025-07-successions.csv")
        ).filter(keep)
        _ = try await store.importChanges(changes, file: "successions", effective: CalendarDate("2025-07-01")!, actor: "test")
        return changes
    }

    /// A new temporary folder for a test's files.
    public static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-import-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func write(_ text: String, to name: String, in folder: URL, encoding: String.Encoding = .utf8) throws -> URL {
        let url = folder.appendingPathComponent(name)
        guard let data = text.data(using: encoding) else { throw CocoaError(.fileWriteInapplicableStringEncoding) }
        try data.write(to: url)
        return url
    }

    /// The aggregate of a unit and period, summed over channels: item → option → count.
    public static func counts(_ db: Database, unit: String, periodStart: String, surveyID: Int? = nil) async throws -> [String: [String:
        Int]]
    {
        try await db.client.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT ic.item_code, ic.option_code, sum(ic.count)::int FROM item_counts ic JOIN units u USING (unit_id)
                WHERE u.code = \(unit) AND ic.period_start = \(periodStart)::date
                GROUP BY ic.item_code, ic.option_code
                """, logger: db.logger)
            var result: [String: [String: Int]] = [:]
            for try await (item, option, n) in rows.decode((String, String, Int).self) { result[item, default: [:]][option] = n }
            return result
        }
    }

    /// Row counts of the tables an import writes, to show that a refused file wrote nothing.
    public static func footprint(_ db: Database) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in [
            "uploads", "upload_scopes", "upload_vectors", "upload_counts", "tallies", "responses", "item_counts", "submission_vectors",
            "submission_counts", "audit_events",
        ] {
            result[table] = try await db.scalar("SELECT count(*)::int FROM \(table)", as: Int.self)
        }
        return result
    }
}
