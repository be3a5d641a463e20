import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Reads the aggregate counts reports are made of: one query per report, never the
/// questionnaires themselves.
public struct ReportStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The counts of every unit version for the months `from`…`to` (inclusive), and for the
    /// quarterly tallies of quarters lying wholly inside that span. Summed over channels:
    /// uploads (`item_counts`) and single submissions (`submission_counts`).
    /// Returns the counts by period start month as well, for trends.
    public func counts(surveyID: Int, from: Period, to: Period) async throws -> [Int: ItemCounts] {
        let byMonth = try await countsByPeriod(surveyID: surveyID, from: from, to: to)
        var total: [Int: ItemCounts] = [:]
        for (_, units) in byMonth {
            for (unit, counts) in units { total[unit, default: ItemCounts()].add(counts) }
        }
        return total
    }

    /// Counts by period (months, and quarters for quarterly tallies) and unit version.
    public func countsByPeriod(surveyID: Int, from: Period, to: Period) async throws -> [Period: [Int: ItemCounts]] {
        try await countsByPeriod(surveyID: surveyID, spans: [(from, to)])
    }

    /// Counts by period for the periods lying wholly inside any of `spans` (a report and the
    /// spans it is compared with), in one query that reads only those months.
    public func countsByPeriod(surveyID: Int, spans: [(from: Period, to: Period)]) async throws -> [Period: [Int: ItemCounts]] {
        let firsts = spans.map(\.from.firstDay.description), lasts = spans.map(\.to.lastDay.description)
        let rows = try await db.client.query("""
            SELECT period_kind = 'quarter', (extract(year FROM period_start) * 12 + extract(month FROM period_start) - 1)::int,
                   unit_id, item_code, option_code, sum(count)::bigint
            FROM (SELECT survey_id, period_kind, period_start, unit_id, item_code, option_code, count FROM item_counts
                  UNION ALL
                  SELECT survey_id, period_kind, period_start, unit_id, item_code, option_code, count FROM submission_counts) c
            WHERE survey_id = \(surveyID)
              AND EXISTS (
                SELECT 1 FROM unnest(\(firsts)::date[], \(lasts)::date[]) AS span(first, last)
                WHERE c.period_start >= span.first
                  AND (c.period_start + CASE c.period_kind WHEN 'quarter' THEN interval '3 months' ELSE interval '1 month' END - interval '1 day')::date <= span.last)
            GROUP BY period_kind, period_start, unit_id, item_code, option_code
            """, logger: db.logger)
        // The period comes as a month index (year × 12 + month − 1), not as text to parse: a
        // year's report reads hundreds of thousands of rows.
        var result: [Period: [Int: ItemCounts]] = [:]
        for try await (isQuarter, index, unit, item, option, n) in rows.decode((Bool, Int, Int, String, String, Int).self) {
            let year = index / 12, month = index % 12 + 1
            let period: Period = isQuarter ? .quarter(year, (month - 1) / 3 + 1) : .month(year, month)
            result[period, default: [:]][unit, default: ItemCounts()].add(item: item, option: option, n)
        }
        return result
    }

    /// Units with quarterly tallies that overlap a month: a monthly report cannot use them.
    public func quarterlyOnly(surveyID: Int, month: Period) async throws -> [Int] {
        let rows = try await db.client.query("""
            SELECT DISTINCT unit_id FROM item_counts
            WHERE survey_id = \(surveyID) AND period_kind = 'quarter'
              AND period_start <= \(month.firstDay.description)::date
              AND period_start + interval '3 months' > \(month.firstDay.description)::date
            """, logger: db.logger)
        var ids: [Int] = []
        for try await id in rows.decode(Int.self) { ids.append(id) }
        return ids
    }
}
