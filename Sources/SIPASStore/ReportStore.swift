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
    /// the active uploads and single submissions.
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

    /// Which questionnaires a report counts: all, or only those not flagged (or only the
    /// flagged ones, to say how many were left out); of every channel or of one.
    public struct Filter: Sendable, Equatable {
        /// nil: flagged or not; false: not flagged only; true: flagged only.
        public var flagged: Bool?

        public init(flagged: Bool? = nil) { self.flagged = flagged }

        public static let all = Filter()
        public static let unflagged = Filter(flagged: false)
        public static let flaggedOnly = Filter(flagged: true)
    }

    /// Counts by period for the periods lying wholly inside any of `spans` (a report and the
    /// spans it is compared with), in one query that reads only those months: the vectors of
    /// the active uploads and of single submissions, added up per unit and period in slots,
    /// then named with the survey's stored slot layout.
    public func countsByPeriod(surveyID: Int, spans: [(from: Period, to: Period)], filter: Filter = .all) async throws -> [Period: [Int:
        ItemCounts]]
    {
        var result: [Period: [Int: ItemCounts]] = [:]
        for (key, counts) in try await countsByPeriodAndChannel(surveyID: surveyID, spans: spans, filter: filter, byChannel: false) {
            result[key.period, default: [:]][key.unit] = counts
        }
        return result
    }

    /// Counts by channel (`paper` — tally sheets count as paper —, `kiosk`, `web`, `phone`,
    /// `post`) and unit version, over the months (and quarters) lying wholly inside `from`…`to`.
    public func countsByChannel(surveyID: Int, from: Period, to: Period, filter: Filter = .all) async throws -> [String: [Int:
        ItemCounts]]
    {
        var result: [String: [Int: ItemCounts]] = [:]
        for (key, counts) in try await countsByPeriodAndChannel(surveyID: surveyID, spans: [(from, to)], filter: filter, byChannel: true) {
            result[key.channel, default: [:]][key.unit, default: ItemCounts()].add(counts)
        }
        return result
    }

    struct PeriodKey: Hashable {
        var period: Period
        var unit: Int
        var channel: String
    }

    func countsByPeriodAndChannel(surveyID: Int, spans: [(from: Period, to: Period)], filter: Filter, byChannel: Bool) async throws
        -> [PeriodKey: ItemCounts]
    {
        let layout = try await slotLayout(surveyID: surveyID)
        let firsts = spans.map(\.from.firstDay.description)
        let lasts = spans.map(\.to.lastDay.description)
        // Uploads are never flagged: only the "flagged only" filter leaves them out.
        let uploads = filter.flagged != true
        // One statement, so one snapshot: the vectors of the active uploads and of folded
        // submissions, and the answers of submissions not folded yet (each counted once).
        let rows = try await db.client.query(
            """
            WITH span AS (SELECT * FROM unnest(\(firsts)::date[], \(lasts)::date[]) AS s(first, last))
            SELECT v.period_kind = 'quarter', (extract(year FROM v.period_start) * 12 + extract(month FROM v.period_start) - 1)::int,
                   v.unit_id, CASE WHEN v.channel = '' THEN 'paper' ELSE v.channel END, v.counts, NULL::smallint[]
            FROM upload_vectors v JOIN uploads u ON u.upload_id = v.upload_id AND u.status = 'active'
            WHERE v.survey_id = \(surveyID) AND \(uploads)
              AND EXISTS (SELECT 1 FROM span WHERE v.period_start >= span.first
                  AND (v.period_start + CASE v.period_kind WHEN 'quarter' THEN interval '3 months' ELSE interval '1 month' END - interval '1 day')::date <= span.last)
            UNION ALL
            SELECT false, (extract(year FROM v.period_start) * 12 + extract(month FROM v.period_start) - 1)::int, v.unit_id, v.channel,
                   v.counts, NULL
            FROM submission_vectors v
            WHERE v.survey_id = \(surveyID) AND (\(filter.flagged)::boolean IS NULL OR v.flagged = \(filter.flagged)::boolean)
              AND EXISTS (SELECT 1 FROM span WHERE v.period_start >= span.first
                  AND (v.period_start + interval '1 month' - interval '1 day')::date <= span.last)
            UNION ALL
            SELECT false, (extract(year FROM r.response_date) * 12 + extract(month FROM r.response_date) - 1)::int, r.unit_id, r.channel,
                   NULL, r.answers
            FROM responses r
            WHERE r.survey_id = \(surveyID) AND r.upload_id IS NULL AND NOT r.folded
              AND (\(filter.flagged)::boolean IS NULL OR (r.flag IS NOT NULL) = \(filter.flagged)::boolean)
              AND EXISTS (SELECT 1 FROM span WHERE r.response_date BETWEEN span.first AND span.last)
            """, logger: db.logger)
        // Channels and submissions add up as plain numbers first; each (period, unit) becomes
        // `ItemCounts` once. The period comes as a month index (year × 12 + month − 1).
        struct Key: Hashable {
            var isQuarter: Bool
            var month: Int
            var unit: Int
            var channel: String
        }
        var sums: [Key: [Int64]] = [:]
        var unfolded: [(Key, [Int16])] = []
        func add(_ counts: [Int64], to key: Key) {
            if var sum = sums.removeValue(forKey: key) {
                if sum.count < counts.count { sum += [Int64](repeating: 0, count: counts.count - sum.count) }
                for i in counts.indices { sum[i] += counts[i] }
                sums[key] = sum
            } else {
                sums[key] = counts
            }
        }
        for try await (isQuarter, index, unit, channel, counts, answers) in rows.decode(
            (Bool, Int, Int, String, BigintArray?, SmallintArray?).self)
        {
            let key = Key(isQuarter: isQuarter, month: index, unit: unit, channel: byChannel ? channel : "")
            if let counts { add(counts.values, to: key) } else if let answers { unfolded.append((key, answers.values)) }
        }
        if !unfolded.isEmpty {
            let counter = try await db.client.withConnection { connection in
                try await SubmissionStore.counter(surveyID: surveyID, layout: layout, on: connection, logger: db.logger)
            }
            var vectors: [Key: [Int64]] = [:]
            for (key, answers) in unfolded { counter.add(answers, into: &vectors[key, default: counter.zero]) }
            for (key, counts) in vectors { add(counts, to: key) }
        }
        var result: [PeriodKey: ItemCounts] = [:]
        for (key, counts) in sums {
            let year = key.month / 12
            let month = key.month % 12 + 1
            let period: Period = key.isQuarter ? .quarter(year, (month - 1) / 3 + 1) : .month(year, month)
            result[PeriodKey(period: period, unit: key.unit, channel: key.channel)] = layout.itemCounts(counts)
        }
        return result
    }

    /// The survey's slot layout as stored (`count_slots`).
    public func slotLayout(surveyID: Int) async throws -> SlotLayout {
        try await db.client.withConnection { connection in
            try await UploadStore.slotLayout(surveyID: surveyID, on: connection, logger: db.logger)
        }
    }

    /// Units with quarterly tallies that overlap a month: a monthly report cannot use them.
    public func quarterlyOnly(surveyID: Int, month: Period) async throws -> [Int] {
        let rows = try await db.client.query(
            """
            SELECT DISTINCT v.unit_id FROM upload_vectors v JOIN uploads u ON u.upload_id = v.upload_id AND u.status = 'active'
            WHERE v.survey_id = \(surveyID) AND v.period_kind = 'quarter'
              AND v.period_start <= \(month.firstDay.description)::date
              AND v.period_start + interval '3 months' > \(month.firstDay.description)::date
            """, logger: db.logger)
        var ids: [Int] = []
        for try await id in rows.decode(Int.self) { ids.append(id) }
        return ids
    }
}
