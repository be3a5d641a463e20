import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Imported files and what they brought. An upload is never deleted: a correction supersedes
/// it (and `revert` brings it back). What an upload counts is kept with it (`upload_vectors`);
/// reports read the active uploads' counts, and at most one active upload covers a unit and
/// period.
public struct UploadStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case tallies, responses
    }

    public enum Status: String, Sendable, Codable {
        case active, superseded
    }

    /// An upload as stored.
    public struct Upload: Sendable, Equatable {
        public var id: Int
        public var kind: Kind
        public var surveyID: Int
        public var surveyCode: String
        public var surveyVersion: Int
        public var fileName: String
        public var sha256: String
        public var uploadedBy: String
        public var uploadedAt: Date
        public var status: Status
        public var supersedes: [Int]
        public var supersededBy: Int?
        public var rowCount: Int
        public var unitCount: Int
        public var questionnaires: Int
    }

    /// The file being imported: its name, the SHA-256 of its bytes, who imports it.
    public struct FileInfo: Sendable {
        public var fileName: String
        public var sha256: String
        public var actor: String

        public init(fileName: String, sha256: String, actor: String) {
            self.fileName = fileName
            self.sha256 = sha256
            self.actor = actor
        }
    }

    public enum Outcome: Sendable {
        /// The same file was imported before; nothing changed.
        case alreadyImported(Upload)
        /// Imported now; `superseded` are the earlier uploads it replaced.
        case imported(Upload, superseded: [Upload])
    }

    static let uploadColumns = """
        u.upload_id, u.kind, u.survey_id, s.code, s.version, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at,
        u.status, u.supersedes, u.superseded_by, u.row_count, u.unit_count, u.questionnaires
        """

    static func decodeUploads(_ rows: PostgresRowSequence) async throws -> [Upload] {
        var result: [Upload] = []
        for try await row in rows {
            let (id, kind, surveyID, code, version, file, sha, by, at) = try row.decode(
                (Int, String, Int, String, Int, String, String, String, Date).self)
            let columns = row.makeRandomAccess()
            let status = try columns[9].decode(String.self)
            let supersedes = try columns[10].decode([Int].self)
            let supersededBy = try columns[11].decode(Int?.self)
            let rowCount = try columns[12].decode(Int.self)
            let unitCount = try columns[13].decode(Int.self)
            let questionnaires = try columns[14].decode(Int.self)
            result.append(
                Upload(
                    id: id, kind: Kind(rawValue: kind) ?? .tallies, surveyID: surveyID, surveyCode: code, surveyVersion: version,
                    fileName: file, sha256: sha, uploadedBy: by, uploadedAt: at, status: Status(rawValue: status) ?? .active,
                    supersedes: supersedes, supersededBy: supersededBy, rowCount: rowCount, unitCount: unitCount,
                    questionnaires: questionnaires))
        }
        return result
    }

    /// Uploads, newest first.
    public func list(limit: Int = 100, surveyID: Int? = nil) async throws -> [Upload] {
        try await Self.decodeUploads(
            db.client.query(
                """
                SELECT \(unescaped: Self.uploadColumns) FROM uploads u JOIN surveys s USING (survey_id)
                WHERE (\(surveyID)::integer IS NULL OR u.survey_id = \(surveyID))
                ORDER BY u.upload_id DESC LIMIT \(limit)
                """, logger: db.logger))
    }

    public func get(_ id: Int) async throws -> Upload {
        let uploads = try await db.client.withConnection { try await Self.uploads([id], on: $0, logger: db.logger) }
        guard let upload = uploads.first else { throw DatabaseError.notFound("there is no upload \(id); `sipas uploads list` shows them") }
        return upload
    }

    static func uploads(_ ids: [Int], on connection: PostgresConnection, logger: Logger) async throws -> [Upload] {
        try await decodeUploads(
            connection.query(
                """
                SELECT \(unescaped: uploadColumns) FROM uploads u JOIN surveys s USING (survey_id)
                WHERE u.upload_id = ANY(\(ids)) ORDER BY u.upload_id
                """, logger: logger))
    }

    /// What an upload covers, with the number of questionnaires of each unit and period.
    public struct ScopeSummary: Sendable, Equatable {
        public var unitCode: String
        public var unitName: String
        public var period: Period
        public var questionnaires: Int
    }

    public func scopes(of id: Int) async throws -> [ScopeSummary] {
        let rows = try await db.client.query(
            """
            SELECT un.code, un.name, s.period_kind, s.period_start::text,
                   coalesce((SELECT sum(v.counts[1]) FROM upload_vectors v
                             WHERE v.upload_id = s.upload_id AND v.unit_id = s.unit_id AND v.period_start = s.period_start
                               AND v.period_kind = s.period_kind), 0)::int
            FROM upload_scopes s JOIN units un USING (unit_id)
            WHERE s.upload_id = \(id) ORDER BY un.code, s.period_start
            """, logger: db.logger)
        var result: [ScopeSummary] = []
        for try await (code, name, kind, start, n) in rows.decode((String, String, String, String, Int).self) {
            guard let period = Self.period(kind: kind, start: start) else { continue }
            result.append(ScopeSummary(unitCode: code, unitName: name, period: period, questionnaires: n))
        }
        return result
    }

    /// The unit codes each upload covers, in one query.
    /// The unit versions each upload holds data of.
    public func unitVersions(of ids: [Int]) async throws -> [Int: Set<Int>] {
        let rows = try await db.client.query(
            """
            SELECT DISTINCT upload_id, unit_id FROM upload_scopes WHERE upload_id = ANY(\(ids))
            """, logger: db.logger)
        var result: [Int: Set<Int>] = [:]
        for try await (id, unit) in rows.decode((Int, Int).self) { result[id, default: []].insert(unit) }
        return result
    }

    static func period(kind: String, start: String) -> Period? {
        guard let date = CalendarDate(start) else { return nil }
        switch kind {
        case "quarter": return .quarter(date.year, (date.month - 1) / 3 + 1)
        default: return .month(date.year, date.month)
        }
    }

    /// The upload of the same file, if it was imported before.
    public func existing(kind: Kind, surveyID: Int, sha256: String) async throws -> Upload? {
        try await Self.decodeUploads(
            db.client.query(
                """
                SELECT \(unescaped: Self.uploadColumns) FROM uploads u JOIN surveys s USING (survey_id)
                WHERE u.kind = \(kind.rawValue) AND u.survey_id = \(surveyID) AND u.sha256 = \(sha256)
                """, logger: db.logger)
        ).first
    }
}

extension UploadStore {
    /// The uploads of a survey that cover part of the span (active and superseded), for a
    /// report's provenance.
    public func uploads(surveyID: Int, from: Period, to: Period) async throws -> [Upload] {
        try await Self.decodeUploads(
            db.client.query(
                """
                SELECT \(unescaped: Self.uploadColumns) FROM uploads u JOIN surveys s USING (survey_id)
                WHERE u.survey_id = \(surveyID) AND EXISTS (
                    SELECT 1 FROM upload_scopes sc WHERE sc.upload_id = u.upload_id
                      AND sc.period_start BETWEEN \(from.firstDay.description)::date AND \(to.lastDay.description)::date)
                ORDER BY u.upload_id
                """, logger: db.logger))
    }
}
