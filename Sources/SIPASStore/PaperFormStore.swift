import Crypto
import Foundation
import PostgresNIO
import SIPASCore

/// Printed paper questionnaires (Schema 0013): their layouts and serials.
public struct PaperFormStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// Records a print run of `count` forms of `surveyID` for the unit version `unitID`
    /// (code `unitCode`): stores the layout (once per survey and layout text) and hands out
    /// the next `count` serials of the unit, in one transaction, audited. Returns the layout's
    /// id and the serials.
    public func recordPrint(surveyID: Int, layout: Data, unitID: Int, unitCode: String, count: Int, actor: String) async throws -> (
        layoutID: Int, serials: ClosedRange<Int>
    ) {
        let text = String(decoding: layout, as: UTF8.self)
        let sha = SHA256.hash(data: layout).map { String(format: "%02x", $0) }.joined()
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO form_layouts (survey_id, layout, layout_sha256) VALUES (\(surveyID), \(text)::jsonb, \(sha))
                    ON CONFLICT (survey_id, layout_sha256) DO NOTHING
                    """, logger: logger)
                var layoutID = 0
                for try await id in try await connection.query(
                    "SELECT layout_id FROM form_layouts WHERE survey_id = \(surveyID) AND layout_sha256 = \(sha)", logger: logger
                ).decode(Int.self) { layoutID = id }
                var last = 0
                for try await value in try await connection.query(
                    """
                    INSERT INTO form_serials AS s (unit_code, last) VALUES (\(unitCode), \(count))
                    ON CONFLICT (unit_code) DO UPDATE SET last = s.last + \(count)
                    RETURNING last
                    """, logger: logger
                ).decode(Int.self) { last = value }
                let first = last - count + 1
                try await connection.query(
                    """
                    INSERT INTO paper_forms (unit_code, serial, unit_id, layout_id, printed_by)
                    SELECT \(unitCode), s, \(unitID), \(layoutID), \(actor) FROM generate_series(\(first), \(last)) AS s
                    """, logger: logger)
                try await AuditLog.record(
                    connection, actor: actor, action: "forms.print", objectType: "paper_forms", objectID: "\(unitCode) \(first)–\(last)",
                    details: ["survey_id": String(surveyID), "layout_id": String(layoutID), "count": String(count)], logger: logger)
                return (layoutID, first...last)
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// A stored layout, by id.
    public func layout(id: Int) async throws -> FormLayout? {
        let rows = try await db.client.query("SELECT layout::text FROM form_layouts WHERE layout_id = \(id)", logger: db.logger)
        for try await json in rows.decode(String.self) { return try JSONDecoder().decode(FormLayout.self, from: Data(json.utf8)) }
        return nil
    }
}
