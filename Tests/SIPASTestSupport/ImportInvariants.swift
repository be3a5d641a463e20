import Foundation
import PostgresNIO
import SIPASCore
import SIPASStore

/// What must hold of the import tables whatever happened to the imports (killed, refused,
/// racing): checked straight in SQL, not through the code under test.
public enum ImportInvariants {
    /// Every way the stored uploads are incomplete or inconsistent, in words (empty when sound):
    /// rows without an upload, uploads without their rows, counts, scopes or audit event.
    public static func problems(_ db: Database) async throws -> [String] {
        let checks: [(String, String)] = [
            // A response without an upload is a single submission (kiosk, portal): it must carry
            // its client id. One with an upload must belong to a questionnaire upload.
            (
                "responses of no questionnaire upload",
                """
                SELECT count(*)::int FROM responses r WHERE (r.upload_id IS NULL AND r.client_id IS NULL)
                   OR (r.upload_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.upload_id = r.upload_id AND u.kind = 'responses'))
                """
            ),
            (
                "tallies without a tally upload",
                """
                SELECT count(*)::int FROM tallies t WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.upload_id = t.upload_id AND u.kind = 'tallies')
                """
            ),
            (
                "upload_vectors without an upload",
                """
                SELECT count(*)::int FROM upload_vectors c WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.upload_id = c.upload_id)
                """
            ),
            (
                "upload_vectors not as long as their survey's slot layout",
                """
                SELECT count(*)::int FROM upload_vectors v
                WHERE cardinality(v.counts) <> (SELECT count(*) FROM count_slots s WHERE s.survey_id = v.survey_id)
                """
            ),
            (
                "upload_scopes without an upload",
                """
                SELECT count(*)::int FROM upload_scopes s WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.upload_id = s.upload_id)
                """
            ),
            (
                "uploads whose stored rows differ from their row_count (or have none)",
                """
                SELECT count(*)::int FROM uploads u
                WHERE u.row_count = 0 OR u.row_count <> CASE u.kind
                    WHEN 'tallies' THEN (SELECT count(*) FROM tallies t WHERE t.upload_id = u.upload_id)
                    ELSE (SELECT count(*) FROM responses r WHERE r.upload_id = u.upload_id) END
                """
            ),
            (
                "uploads without counts or scopes",
                """
                SELECT count(*)::int FROM uploads u
                WHERE NOT EXISTS (SELECT 1 FROM upload_vectors c WHERE c.upload_id = u.upload_id)
                   OR NOT EXISTS (SELECT 1 FROM upload_scopes s WHERE s.upload_id = u.upload_id)
                """
            ),
            (
                "uploads whose questionnaires differ from their counts",
                """
                SELECT count(*)::int FROM uploads u
                WHERE u.questionnaires <> coalesce((SELECT sum(c.count) FROM upload_counts c
                                                    WHERE c.upload_id = u.upload_id AND c.item_code = 'questionnaires'), 0)
                """
            ),
            (
                "uploads without exactly one upload.import audit event",
                """
                SELECT count(*)::int FROM uploads u
                WHERE (SELECT count(*) FROM audit_events a WHERE a.action = 'upload.import' AND a.object_id = u.upload_id::text) <> 1
                """
            ),
            (
                "upload.import audit events of no upload",
                """
                SELECT count(*)::int FROM audit_events a WHERE a.action = 'upload.import'
                  AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.upload_id::text = a.object_id)
                """
            ),
        ]
        var found: [String] = []
        for (name, sql) in checks {
            let n = try await db.scalar(sql, as: Int.self) ?? -1
            if n != 0 { found.append("\(n) \(name)") }
        }
        return found
    }

    /// `item_counts` against a recount from the stored rows of the active uploads: tallies as
    /// they are, questionnaires decoded from their answer arrays here, in SQL (one row per
    /// answer; the coding is the documented one: 0 no answer, a level, an option's position, a
    /// bit mask for multiple choice). Returns the differing keys (empty when equal) and the
    /// number of keys compared.
    public static func recountDifferences(_ db: Database, survey: Survey) async throws -> (differences: [String], keys: Int) {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let items = survey.allItems.enumerated().map { i, item -> String in
            let kind: String
            switch item.kind {
            case .satisfaction: kind = "level"
            case .multipleChoice: kind = "mask"
            case .profile where item.options.isEmpty: kind = "free"
            default: kind = "option"
            }
            let options = "ARRAY[" + item.options.map { literal($0.code) }.joined(separator: ",") + "]::text[]"
            return "(\(i + 1)::bigint, \(literal(item.code)), '\(kind)', \(options))"
        }.joined(separator: ",\n")
        let recount = """
            WITH items(ord, code, kind, options) AS (VALUES \(items)),
            active_responses AS (
                SELECT r.* FROM responses r JOIN uploads u ON u.upload_id = r.upload_id AND u.status = 'active'),
            answers AS (
                SELECT r.survey_id, r.unit_id, date_trunc('month', r.response_date)::date AS start, r.channel, a.v::int AS v,
                       i.code, i.kind, i.options
                FROM active_responses r CROSS JOIN LATERAL unnest(r.answers) WITH ORDINALITY AS a(v, ord)
                JOIN items i ON i.ord = a.ord),
            recount AS (
                SELECT t.survey_id, t.unit_id, t.period_kind, t.period_start, t.item_code, t.option_code, ''::text AS channel, t.count::bigint AS n
                FROM tallies t JOIN uploads u ON u.upload_id = t.upload_id AND u.status = 'active'
                UNION ALL
                SELECT survey_id, unit_id, 'month', date_trunc('month', response_date)::date, 'questionnaires', '', channel, 1
                FROM active_responses
                UNION ALL
                SELECT survey_id, unit_id, 'month', start, code, 'na', channel, 1 FROM answers WHERE v = 0 AND kind <> 'free'
                UNION ALL
                SELECT survey_id, unit_id, 'month', start, code, v::text, channel, 1 FROM answers WHERE v > 0 AND kind = 'level'
                UNION ALL
                SELECT survey_id, unit_id, 'month', start, code, options[v], channel, 1 FROM answers WHERE v > 0 AND kind = 'option'
                UNION ALL
                SELECT a.survey_id, a.unit_id, 'month', a.start, a.code, o.code, a.channel, 1
                FROM answers a CROSS JOIN LATERAL unnest(a.options) WITH ORDINALITY AS o(code, k)
                WHERE a.v > 0 AND a.kind = 'mask' AND (a.v & (1 << (o.k::int - 1))) <> 0),
            expected AS (
                SELECT survey_id, unit_id, period_kind, period_start, item_code, option_code, channel, sum(n) AS n
                FROM recount GROUP BY 1, 2, 3, 4, 5, 6, 7
                HAVING sum(n) <> 0)
            """
        let differences = try await db.client.withConnection { connection in
            let rows = try await connection.query(
                .init(
                    unsafeSQL: recount + """
                        SELECT unit_id::int, period_start::text, item_code, option_code, channel, e.n::int, ic.count::int
                        FROM expected e FULL JOIN item_counts ic USING (survey_id, unit_id, period_kind, period_start, item_code, option_code, channel)
                        WHERE e.n IS DISTINCT FROM ic.count
                        ORDER BY 1, 2, 3, 4, 5 LIMIT 20
                        """), logger: db.logger)
            var result: [String] = []
            for try await (unit, start, item, option, channel, expected, stored) in rows.decode(
                (Int, String, String, String, String, Int?, Int?).self)
            {
                result.append(
                    "unit #\(unit) \(start) \(item)/\(option)/\(channel): recount \(expected.map(String.init) ?? "none"), item_counts \(stored.map(String.init) ?? "none")"
                )
            }
            return result
        }
        let keys = try await db.scalar(recount + " SELECT count(*)::int FROM expected", as: Int.self) ?? 0
        return (differences, keys)
    }

    /// `item_counts` as unit code → period start → item → option → count, summed over channels.
    public static func itemCounts(_ db: Database) async throws -> [CountCell: Int] {
        try await db.client.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT u.code, ic.period_start::text, ic.item_code, ic.option_code, sum(ic.count)::int
                FROM item_counts ic JOIN units u USING (unit_id)
                GROUP BY 1, 2, 3, 4
                """, logger: db.logger)
            var result: [CountCell: Int] = [:]
            for try await (unit, start, item, option, n) in rows.decode((String, String, String, String, Int).self) where n != 0 {
                result[CountCell(unit: unit, periodStart: start, item: item, option: option)] = n
            }
            return result
        }
    }
}

/// One cell of the aggregate, summed over channels.
public struct CountCell: Hashable, Sendable, CustomStringConvertible {
    public var unit: String
    public var periodStart: String
    public var item: String
    public var option: String

    public init(unit: String, periodStart: String, item: String, option: String) {
        self.unit = unit
        self.periodStart = periodStart
        self.item = item
        self.option = option
    }

    public var description: String { "\(unit) \(periodStart) \(item)/\(option)" }
}
