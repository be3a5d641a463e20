import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Files the web page refused, with their problems, so that a clerk finds them again under
/// "my uploads". Nothing of a refused file's content is kept.
public struct UploadRejectionStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Rejection: Sendable {
        public var id: Int
        public var kind: String
        public var surveyCode: String
        public var fileName: String
        public var byteCount: Int
        public var problemCount: Int
        public var problems: [FileProblem]
        public var rejectedAt: Date
    }

    struct StoredProblem: Codable {
        var line: Int?
        var column: String?
        var message: String
    }

    public func record(
        userID: Int, kind: String, surveyCode: String, fileName: String, sha256: String, byteCount: Int,
        problems: [FileProblem], problemCount: Int
    ) async throws {
        let json = String(
            decoding: try JSONEncoder().encode(problems.map { StoredProblem(line: $0.line, column: $0.column, message: $0.message) }),
            as: UTF8.self)
        try await db.client.query(
            """
            INSERT INTO upload_rejections (user_id, kind, survey_code, file_name, sha256, byte_count, problem_count, problems)
            VALUES (\(userID), \(kind), \(surveyCode), \(fileName), \(sha256), \(byteCount), \(problemCount), \(json)::jsonb)
            """, logger: db.logger)
    }

    /// An account's refused files, newest first.
    public func list(userID: Int, limit: Int = 20) async throws -> [Rejection] {
        let rows = try await db.client.query(
            """
            SELECT upload_rejection_id, kind, survey_code, file_name, byte_count, problem_count, problems::text, rejected_at
            FROM upload_rejections WHERE user_id = \(userID) ORDER BY rejected_at DESC LIMIT \(limit)
            """, logger: db.logger)
        var result: [Rejection] = []
        for try await (id, kind, survey, name, bytes, count, problems, at) in rows.decode(
            (Int, String, String, String, Int, Int, String, Date).self)
        {
            let stored = (try? JSONDecoder().decode([StoredProblem].self, from: Data(problems.utf8))) ?? []
            result.append(
                Rejection(
                    id: id, kind: kind, surveyCode: survey, fileName: name, byteCount: bytes, problemCount: count,
                    problems: stored.map { FileProblem(file: name, line: $0.line, column: $0.column, message: $0.message) }, rejectedAt: at)
            )
        }
        return result
    }
}
