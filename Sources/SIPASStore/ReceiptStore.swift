import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// When each unit's data for a period first arrived: the first upload covering it (whatever
/// became of that upload later — the unit did send it) or its first single submission.
public struct ReceiptStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The first day (Vietnam's calendar) on which data of each unit version for `period`
    /// arrived, for one survey or (nil) any survey.
    public func firstReceived(surveyID: Int?, period: Period) async throws -> [Int: CalendarDate] {
        let (first, last) = (period.firstDay.description, period.lastDay.description)
        let rows = try await db.client.query(
            """
            SELECT unit_id, min(day)::text FROM (
                SELECT s.unit_id, (u.uploaded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day
                FROM upload_scopes s JOIN uploads u USING (upload_id)
                WHERE (\(surveyID)::integer IS NULL OR s.survey_id = \(surveyID))
                  AND s.period_start <= \(last)::date
                  AND s.period_start + CASE s.period_kind WHEN 'quarter' THEN interval '3 months' ELSE interval '1 month' END > \(first)::date
                UNION ALL
                SELECT r.unit_id, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                FROM responses r
                WHERE r.upload_id IS NULL AND (\(surveyID)::integer IS NULL OR r.survey_id = \(surveyID))
                  AND r.response_date BETWEEN \(first)::date AND \(last)::date
            ) arrivals
            GROUP BY unit_id
            """, logger: db.logger)
        var result: [Int: CalendarDate] = [:]
        for try await (unit, day) in rows.decode((Int, String).self) { result[unit] = CalendarDate(day) }
        return result
    }
}
