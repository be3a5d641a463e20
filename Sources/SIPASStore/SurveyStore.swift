import Crypto
import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Stores survey versions. A version is immutable: the same content again is a no-op,
/// different content under an existing code and version is refused.
public struct SurveyStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum AddResult: Equatable, Sendable {
        case added(id: Int)
        case unchanged(id: Int)
    }

    /// The canonical JSON of a definition and its SHA-256: formatting and comments of the
    /// YAML file do not change it, any change of content does.
    public static func canonical(_ survey: Survey) throws -> (json: String, hash: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(survey)
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return (String(decoding: data, as: UTF8.self), hash)
    }

    public func add(_ survey: Survey, actor: String) async throws -> AddResult {
        let problems = survey.problems()
        guard problems.isEmpty else {
            throw DatabaseError.invalid("survey \(survey.code) is not valid: \(problems.map(\.description).joined(separator: "; "))")
        }
        let (json, hash) = try Self.canonical(survey)
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                // Serialise adds of the same code so that two at once cannot both insert.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(survey.code)))", logger: logger)
                let rows = try await connection.query(
                    "SELECT survey_id, content_hash FROM surveys WHERE code = \(survey.code) AND version = \(survey.version)",
                    logger: logger)
                for try await (id, existingHash) in rows.decode((Int, String).self) {
                    if existingHash == hash { return .unchanged(id: id) }
                    throw DatabaseError.conflict(
                        "survey \(survey.code) version \(survey.version) is already stored with different content; a stored version is never changed: give the file a new version number"
                    )
                }
                let inserted = try await connection.query(
                    """
                    INSERT INTO surveys (code, version, title_vi, title_en, source, definition, content_hash)
                    VALUES (\(survey.code), \(survey.version), \(survey.title.vi), \(survey.title.en), \(survey.source), \(json)::jsonb, \(hash))
                    RETURNING survey_id
                    """, logger: logger)
                var newID = 0
                for try await id in inserted.decode(Int.self) { newID = id }
                // The slots its counts are stored in (schema 0003): fixed with the version.
                let layout = SlotLayout(survey: survey)
                try await connection.query(
                    """
                    INSERT INTO count_slots (survey_id, slot, item_code, option_code)
                    SELECT \(newID), t.slot - 1, t.item, t.option
                    FROM unnest(\(layout.items)::text[], \(layout.options)::text[]) WITH ORDINALITY AS t(item, option, slot)
                    """, logger: logger)
                try await AuditLog.record(
                    connection, actor: actor, action: "survey.add", objectType: "survey", objectID: "\(survey.code)@\(survey.version)",
                    details: ["survey_id": "\(newID)", "content_hash": hash], logger: logger)
                return .added(id: newID)
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    public struct Summary: Sendable {
        public var id: Int
        public var code: String
        public var version: Int
        public var title: LocalizedText
        public var source: String
        public var createdAt: Date
    }

    public func list() async throws -> [Summary] {
        let rows = try await db.client.query(
            "SELECT survey_id, code, version, title_vi, title_en, source, created_at FROM surveys ORDER BY code, version",
            logger: db.logger)
        var result: [Summary] = []
        for try await (id, code, version, vi, en, source, at) in rows.decode((Int, String, Int, String, String, String, Date).self) {
            result.append(
                Summary(id: id, code: code, version: version, title: LocalizedText(vi: vi, en: en), source: source, createdAt: at))
        }
        return result
    }

    /// A stored version; the latest when `version` is nil.
    /// The version of `code` that a report, export or count of `from`…`to` reads: `version`
    /// when given; otherwise the newest version holding data of that span (months surveyed
    /// with version 1 stay readable after version 2 is added), or the newest of all.
    public func get(code: String, version: Int?, from: Period, to: Period) async throws -> (id: Int, survey: Survey) {
        if version != nil { return try await get(code: code, version: version) }
        let first = from.firstDay.description
        let last = to.lastDay.description
        let rows = try await db.client.query(
            """
            SELECT s.version FROM surveys s
            WHERE s.code = \(code) AND (
                EXISTS (SELECT 1 FROM upload_vectors v JOIN uploads u ON u.upload_id = v.upload_id AND u.status = 'active'
                        WHERE v.survey_id = s.survey_id AND v.period_start <= \(last)::date
                          AND v.period_start + CASE v.period_kind WHEN 'quarter' THEN interval '3 months' ELSE interval '1 month' END
                              > \(first)::date)
                OR EXISTS (SELECT 1 FROM submission_vectors v
                           WHERE v.survey_id = s.survey_id AND v.period_start BETWEEN \(first)::date AND \(last)::date)
                OR EXISTS (SELECT 1 FROM responses r
                           WHERE r.survey_id = s.survey_id AND r.response_date BETWEEN \(first)::date AND \(last)::date))
            ORDER BY s.version DESC LIMIT 1
            """, logger: db.logger)
        var holding: Int?
        for try await (found) in rows.decode(Int.self) { holding = found }
        return try await get(code: code, version: holding)
    }

    public func get(code: String, version: Int? = nil) async throws -> (id: Int, survey: Survey) {
        let rows = try await db.client.query(
            """
            SELECT survey_id, definition::text FROM surveys
            WHERE code = \(code) AND (\(version)::integer IS NULL OR version = \(version))
            ORDER BY version DESC LIMIT 1
            """, logger: db.logger)
        for try await (id, json) in rows.decode((Int, String).self) {
            return (id, try JSONDecoder().decode(Survey.self, from: Data(json.utf8)))
        }
        let known = try await list().map { "\($0.code) v\($0.version)" }
        let what = version.map { "survey \(code) version \($0)" } ?? "survey \(code)"
        throw DatabaseError.notFound(
            "\(what) is not stored; stored surveys: \(known.isEmpty ? "none (add one with `sipas survey add FILE`)" : known.joined(separator: ", "))"
        )
    }
}
