import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Single questionnaires from kiosks and the public-service portal. Each is a `responses` row
/// without an upload, identified by its client id: a retry of the same id is recognised and
/// never counted twice. Its counts are added to its unit's and month's vector
/// (`submission_vectors`) in the same statement that stores it, and only when the row was new.
public struct SubmissionStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Outcome: Sendable, Equatable {
        /// Stored now, with its response id.
        case stored(Int)
        /// This client id was stored before (with its response id); nothing was added.
        case duplicate(Int)
    }

    /// Stores one validated questionnaire and adds its counts, atomically.
    public func submit(_ questionnaire: Questionnaire, clientID: String, surveyID: Int, counts: CountTable, submittedBy: String) async throws -> Outcome {
        let keys = counts.counts.keys.sorted()
        let month = Period.month(of: questionnaire.date)
        let profile = String(decoding: try JSONSerialization.data(withJSONObject: questionnaire.profile, options: [.sortedKeys]), as: UTF8.self)
        // One statement: the insert, and the counts only if the insert happened. A concurrent
        // retry of the same client id waits on the unique index and then inserts nothing.
        let rows = try await db.client.query("""
            WITH new AS (
                INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by)
                VALUES (\(surveyID), \(questionnaire.unitID), \(questionnaire.date.description)::date, \(questionnaire.channel.rawValue),
                        \(clientID), \(questionnaire.answers), \(profile)::jsonb, \(submittedBy))
                ON CONFLICT (survey_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
                RETURNING response_id
            ), counted AS (
                INSERT INTO submission_vectors AS sv (survey_id, unit_id, period_start, channel, counts)
                SELECT \(surveyID), \(questionnaire.unitID), \(month.firstDay.description)::date, \(questionnaire.channel.rawValue),
                       array_agg(coalesce(t.n, 0) ORDER BY cs.slot)
                FROM count_slots cs
                LEFT JOIN unnest(\(keys.map(\.item))::text[], \(keys.map(\.option))::text[], \(keys.map { counts.counts[$0]! })::bigint[])
                     AS t(item, option, n) ON t.item = cs.item_code AND t.option = cs.option_code
                WHERE cs.survey_id = \(surveyID) AND EXISTS (SELECT 1 FROM new)
                HAVING count(*) > 0
                ON CONFLICT (survey_id, period_start, unit_id, channel)
                DO UPDATE SET counts = sipas_add_counts(sv.counts, EXCLUDED.counts)
            )
            SELECT response_id, true FROM new
            UNION ALL
            SELECT response_id, false FROM responses
            WHERE survey_id = \(surveyID) AND client_id = \(clientID) AND NOT EXISTS (SELECT 1 FROM new)
            """, logger: db.logger)
        for try await (id, isNew) in rows.decode((Int, Bool).self) {
            return isNew ? .stored(id) : .duplicate(id)
        }
        // The conflicting row was committed by a concurrent transaction after this
        // statement's snapshot: it exists now.
        let again = try await db.client.query(
            "SELECT response_id FROM responses WHERE survey_id = \(surveyID) AND client_id = \(clientID)", logger: db.logger)
        for try await id in again.decode(Int.self) { return .duplicate(id) }
        throw DatabaseError.conflict("the questionnaire \(clientID) could not be stored; send it again")
    }

    /// The number of stored submissions (responses without an upload) of a survey.
    public func count(surveyID: Int) async throws -> Int {
        let rows = try await db.client.query(
            "SELECT count(*)::bigint FROM responses WHERE survey_id = \(surveyID) AND upload_id IS NULL", logger: db.logger)
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }
}
