import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// The dossiers units handled (`dossiers`, from the one-stop system's exports): imported a
/// file at a time in one transaction, counted per unit and month (the sample frame), drawn
/// from, and looked up by the number on a receipt.
public struct DossierStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// A dossier of a file, its unit resolved to the version valid the day it was received.
    public struct Row: Sendable, Equatable {
        public var unitCode: String
        public var unitID: Int
        public var number: String
        public var received: CalendarDate
        public var returned: CalendarDate?

        public init(unitCode: String, unitID: Int, number: String, received: CalendarDate, returned: CalendarDate?) {
            self.unitCode = unitCode
            self.unitID = unitID
            self.number = number
            self.received = received
            self.returned = returned
        }
    }

    /// What an import did.
    public enum Outcome: Sendable, Equatable {
        /// Stored: dossiers new to sipas, dossiers whose dates the file changed, and dossiers
        /// listed again as they were.
        case imported(id: Int, added: Int, corrected: Int, unchanged: Int)
        /// The same file (by its SHA-256) was imported before, by whom and when: nothing changed.
        case alreadyImported(id: Int, by: String, at: Date)
    }

    /// Stores the dossiers of one file in one transaction: new numbers are added, known ones
    /// take the file's dates (a later export corrects an earlier one), and the import is
    /// audited. A file imported before changes nothing.
    public func importFile(_ rows: [Row], fileName: String, sha256: String, actor: String) async throws -> Outcome {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                // Two imports of one file at once: the second waits, then finds the first.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext('dossier-import'))", logger: logger)
                let before = try await connection.query(
                    "SELECT dossier_import_id, imported_by, imported_at FROM dossier_imports WHERE sha256 = \(sha256)", logger: logger)
                for try await (id, by, at) in before.decode((Int, String, Date).self) { return .alreadyImported(id: id, by: by, at: at) }
                var importID = 0
                for try await id in try await connection.query(
                    """
                    INSERT INTO dossier_imports (file_name, sha256, row_count, imported_by)
                    VALUES (\(fileName), \(sha256), \(rows.count), \(actor)) RETURNING dossier_import_id
                    """, logger: logger
                ).decode(Int.self) {
                    importID = id
                }
                let counts = try await connection.query(
                    """
                    WITH incoming AS (
                        SELECT unit_code, unit_id, number, received::date AS received_on, NULLIF(returned, '')::date AS returned_on
                        FROM unnest(\(rows.map(\.unitCode))::text[], \(rows.map(\.unitID))::bigint[], \(rows.map(\.number))::text[],
                                    \(rows.map(\.received.description))::text[], \(rows.map { $0.returned?.description ?? "" })::text[])
                            AS i (unit_code, unit_id, number, received, returned)
                    ), old AS (
                        SELECT d.unit_code, d.number, d.unit_id, d.received_on, d.returned_on
                        FROM dossiers d JOIN incoming i USING (unit_code, number)
                    ), written AS (
                        INSERT INTO dossiers (unit_code, unit_id, number, received_on, returned_on, dossier_import_id)
                        SELECT unit_code, unit_id, number, received_on, returned_on, \(importID) FROM incoming
                        ON CONFLICT (unit_code, number) DO UPDATE
                            SET unit_id = excluded.unit_id, received_on = excluded.received_on, returned_on = excluded.returned_on,
                                dossier_import_id = excluded.dossier_import_id
                            WHERE (dossiers.unit_id, dossiers.received_on, dossiers.returned_on)
                                  IS DISTINCT FROM (excluded.unit_id, excluded.received_on, excluded.returned_on)
                        RETURNING unit_code, number
                    )
                    SELECT (SELECT count(*) FROM written w WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o.unit_code = w.unit_code AND o.number = w.number)),
                           (SELECT count(*) FROM written w WHERE EXISTS (SELECT 1 FROM old o WHERE o.unit_code = w.unit_code AND o.number = w.number))
                    """, logger: logger)
                var (added, corrected) = (0, 0)
                for try await (a, c) in counts.decode((Int, Int).self) { (added, corrected) = (a, c) }
                let unchanged = rows.count - added - corrected
                try await AuditLog.record(
                    connection, actor: actor, action: "dossiers.import", objectType: "dossier_import", objectID: String(importID),
                    details: [
                        "file": fileName, "sha256": sha256, "rows": String(rows.count), "added": String(added),
                        "corrected": String(corrected),
                    ], logger: logger)
                return .imported(id: importID, added: added, corrected: corrected, unchanged: unchanged)
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// A dossier as a receipt's number finds it, with whether a questionnaire was answered for it.
    public struct Dossier: Sendable, Equatable {
        public var id: Int
        public var unitCode: String
        public var number: String
        public var received: CalendarDate
        public var returned: CalendarDate?
        public var answered: Bool
    }

    /// The dossier `number` of the unit `unitCode`, if the unit handled one by that number.
    public func find(unitCode: String, number: String) async throws -> Dossier? {
        let rows = try await db.client.query(
            """
            SELECT d.dossier_id, d.unit_code, d.number, d.received_on::text, d.returned_on::text, a.dossier_id IS NOT NULL
            FROM dossiers d LEFT JOIN dossier_answers a USING (dossier_id)
            WHERE d.unit_code = \(unitCode) AND d.number = \(number)
            """, logger: db.logger)
        for try await (id, unit, number, received, returned, answered) in rows.decode((Int, String, String, String, String?, Bool).self) {
            return Dossier(
                id: id, unitCode: unit, number: number, received: CalendarDate(received)!, returned: returned.flatMap(CalendarDate.init),
                answered: answered)
        }
        return nil
    }

    /// How many dossiers each unit returned from `first` to `last` (inclusive), by unit code.
    public func returnedCounts(from first: CalendarDate, to last: CalendarDate) async throws -> [String: Int] {
        let rows = try await db.client.query(
            """
            SELECT unit_code, count(*) FROM dossiers
            WHERE returned_on BETWEEN \(first.description)::date AND \(last.description)::date GROUP BY unit_code
            """, logger: db.logger)
        var counts: [String: Int] = [:]
        for try await (unit, count) in rows.decode((String, Int).self) { counts[unit] = count }
        return counts
    }

    /// The dossiers a unit returned from `first` to `last`, by number (the order a draw starts
    /// from, so that the same seed draws the same dossiers whatever order they were imported in).
    public func returned(unitCode: String, from first: CalendarDate, to last: CalendarDate) async throws -> [Dossier] {
        let rows = try await db.client.query(
            """
            SELECT d.dossier_id, d.unit_code, d.number, d.received_on::text, d.returned_on::text, a.dossier_id IS NOT NULL
            FROM dossiers d LEFT JOIN dossier_answers a USING (dossier_id)
            WHERE d.unit_code = \(unitCode) AND d.returned_on BETWEEN \(first.description)::date AND \(last.description)::date
            ORDER BY d.number COLLATE "C"
            """, logger: db.logger)
        var dossiers: [Dossier] = []
        for try await (id, unit, number, received, returned, answered) in rows.decode((Int, String, String, String, String?, Bool).self) {
            dossiers.append(
                Dossier(
                    id: id, unitCode: unit, number: number, received: CalendarDate(received)!,
                    returned: returned.flatMap(CalendarDate.init), answered: answered))
        }
        return dossiers
    }
}
