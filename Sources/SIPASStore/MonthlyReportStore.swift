import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Monthly reports the service generated, kept as they were generated (HTML, JSON, XLSX).
public struct MonthlyReportStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Summary: Sendable, Equatable {
        public var id: Int
        public var surveyCode: String
        public var period: Period
        public var generatedAt: Date
        public var generatedBy: String
    }

    /// Keeps a generated report and records it in the audit trail.
    public func save(surveyID: Int, period: Period, html: String, json: String, xlsx: [UInt8], actor: String) async throws -> Int {
        let logger = db.logger
        return try await db.client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO monthly_reports (survey_id, period_start, generated_by, html, json, xlsx)
                VALUES (\(surveyID), \(period.firstDay.description)::date, \(actor), \(html), \(json)::jsonb, \(ByteBuffer(bytes: xlsx)))
                RETURNING monthly_report_id
                """, logger: logger)
            var id = 0
            for try await v in rows.decode(Int.self) { id = v }
            try await AuditLog.record(
                connection, actor: actor, action: "report.generate", objectType: "monthly_report", objectID: "\(id)",
                details: ["period": period.description], logger: logger)
            return id
        }
    }

    /// The kept reports, newest period first.
    public func list(limit: Int = 120) async throws -> [Summary] {
        let rows = try await db.client.query(
            """
            SELECT m.monthly_report_id, s.code, m.period_start::text, m.generated_at, m.generated_by
            FROM monthly_reports m JOIN surveys s USING (survey_id)
            ORDER BY m.period_start DESC, m.generated_at DESC LIMIT \(limit)
            """, logger: db.logger)
        var result: [Summary] = []
        for try await (id, code, start, at, by) in rows.decode((Int, String, String, Date, String).self) {
            guard let period = UploadStore.period(kind: "month", start: start) else { continue }
            result.append(Summary(id: id, surveyCode: code, period: period, generatedAt: at, generatedBy: by))
        }
        return result
    }

    /// Whether a report of this survey and month has been kept already.
    public func exists(surveyID: Int, period: Period) async throws -> Bool {
        let rows = try await db.client.query(
            """
            SELECT 1 FROM monthly_reports WHERE survey_id = \(surveyID) AND period_start = \(period.firstDay.description)::date LIMIT 1
            """, logger: db.logger)
        for try await _ in rows { return true }
        return false
    }

    public enum Part: String, Sendable, CaseIterable { case html, json, xlsx }

    /// One stored part of a kept report.
    public func content(_ id: Int, part: Part) async throws -> [UInt8] {
        let column: String
        switch part {
        case .html: column = "convert_to(html, 'UTF8')"
        case .json: column = "convert_to(json::text, 'UTF8')"
        case .xlsx: column = "xlsx"
        }
        let rows = try await db.client.query(
            PostgresQuery(
                unsafeSQL: "SELECT \(column) FROM monthly_reports WHERE monthly_report_id = $1",
                binds: {
                    var binds = PostgresBindings()
                    binds.append(id)
                    return binds
                }()), logger: db.logger)
        for try await buffer in rows.decode(ByteBuffer.self) { return Array(buffer.readableBytesView) }
        throw DatabaseError.notFound("there is no kept report \(id)")
    }
}
