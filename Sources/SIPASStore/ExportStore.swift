import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Streams stored data out for analysts: aggregate counts, tally rows and questionnaires of
/// active uploads, row by row (large exports are never held in memory).
public struct ExportStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// Calls `row` for each aggregate count of the span (uploads and single submissions, each
    /// with its channel): unit code, unit name, period kind,
    /// period start, item, option, channel, count.
    public func counts(surveyID: Int, from: Period, to: Period, _ row: ([String]) async throws -> Void) async throws {
        // Submissions not folded yet are counted first, so that the export lists them all.
        try await SubmissionStore(db).fold()
        let rows = try await db.client.query(
            """
            SELECT u.code, u.name, c.period_kind, c.period_start::text, c.item_code, c.option_code, c.channel, sum(c.count)::bigint
            FROM (SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM item_counts
                  UNION ALL
                  SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, count FROM submission_counts) c
            JOIN units u USING (unit_id)
            WHERE c.survey_id = \(surveyID) AND c.period_start >= \(from.firstDay.description)::date AND c.period_start <= \(to.lastDay.description)::date
            GROUP BY u.code, u.name, c.period_kind, c.period_start, c.item_code, c.option_code, c.channel
            ORDER BY u.code, c.period_start, c.item_code, c.option_code, c.channel
            """, logger: db.logger)
        for try await (code, name, kind, start, item, option, channel, n) in rows.decode(
            (String, String, String, String, String, String, String, Int).self)
        {
            try await row([code, name, kind, start, item, option, channel, String(n)])
        }
    }

    /// Tally rows of active uploads: upload, unit code, unit name, period kind, period start, item, option, count.
    public func tallies(surveyID: Int, from: Period, to: Period, _ row: ([String]) async throws -> Void) async throws {
        let rows = try await db.client.query(
            """
            SELECT t.upload_id, u.code, u.name, t.period_kind, t.period_start::text, t.item_code, t.option_code, t.count
            FROM tallies t JOIN units u USING (unit_id) JOIN uploads up ON up.upload_id = t.upload_id AND up.status = 'active'
            WHERE t.survey_id = \(surveyID) AND t.period_start >= \(from.firstDay.description)::date AND t.period_start <= \(to.lastDay.description)::date
            ORDER BY u.code, t.period_start, t.item_code, t.option_code
            """, logger: db.logger)
        for try await (upload, code, name, kind, start, item, option, n) in rows.decode(
            (Int, String, String, String, String, String, String, Int).self)
        {
            try await row([String(upload), code, name, kind, start, item, option, String(n)])
        }
    }

    /// Questionnaires of active uploads (and single submissions), answers decoded to option
    /// codes: id, unit code, date, channel, then one value per item of `survey.allItems`.
    public func responses(surveyID: Int, survey: Survey, from: Period, to: Period, _ row: ([String]) async throws -> Void) async throws {
        let codec = AnswerCodec(survey: survey)
        let rows = try await db.client.query(
            """
            SELECT r.response_id, u.code, r.response_date::text, r.channel, r.answers, r.profile::text
            FROM responses r JOIN units u USING (unit_id) LEFT JOIN uploads up ON up.upload_id = r.upload_id
            WHERE r.survey_id = \(surveyID) AND (up.upload_id IS NULL OR up.status = 'active')
              AND r.response_date BETWEEN \(from.firstDay.description)::date AND \(to.lastDay.description)::date
            ORDER BY r.response_id
            """, logger: db.logger)
        for try await (id, code, date, channel, answers, profile) in rows.decode((Int, String, String, String, [Int16], String).self) {
            let free = StoredJSON.object(profile) ?? [:]
            var values = [String(id), code, date, channel]
            for (i, item) in codec.items.enumerated() {
                if item.kind == .profile && item.options.isEmpty {
                    values.append(free[item.code] ?? "")
                } else {
                    let options = codec.options(of: i < answers.count ? answers[i] : 0, item: item).filter {
                        $0 != SatisfactionScale.noAnswer
                    }
                    values.append(options.joined(separator: "|"))
                }
            }
            try await row(values)
        }
    }
}
