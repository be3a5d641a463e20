import Crypto
import Foundation
import PostgresNIO
import SIPASCore

/// Scanned pages of printed forms and the questionnaires they become (Schema 0014).
public struct ScanStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// One page as read, to keep.
    public struct PageRow: Sendable {
        public var pageInFile: Int
        public var code: FormCode
        /// Item → options read, for the clear items; item → why, for those in doubt.
        public var answers: [String: [String]]
        public var doubts: [String: String]
        public var png: Data

        public init(pageInFile: Int, code: FormCode, answers: [String: [String]], doubts: [String: String], png: Data) {
            self.pageInFile = pageInFile
            self.code = code
            self.answers = answers
            self.doubts = doubts
            self.png = png
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Stored: the pages, how many wait for review, and the forms that became questionnaires.
        case imported(pages: Int, review: Int, questionnaires: [Int])
        /// The same file was imported before (by SHA-256): nothing changed.
        case alreadyImported(name: String)
    }

    /// A page of a form scanned before.
    public struct ScannedTwice: Error, CustomStringConvertible, Sendable {
        public let unit: String
        public let serial: Int
        public let page: Int
        public let earlier: String
        public let now: String

        public var description: String {
            "form \(unit) no. \(serial), page \(page): scanned before (\(earlier)); this scan (\(now)) is refused, nothing was stored"
        }
    }

    /// Stores the pages of one scan file, in one transaction: the file, its pages with their
    /// images, and — for every form of the file whose pages are now all read — the
    /// questionnaire that `questionnaire` builds from the answers of all its pages.
    public func importFile(
        sha256: String, name: String, surveyID: Int, period: Period, pages: [PageRow], pagesPerForm: [Int: Int], actor: String,
        questionnaire: @Sendable (_ unit: String, _ serial: Int, _ answers: [String: [String]]) throws -> Questionnaire
    ) async throws -> Outcome {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                var fileID: Int?
                for try await id in try await connection.query(
                    """
                    INSERT INTO scan_files (sha256, name, survey_id, period_start, imported_by)
                    VALUES (\(sha256), \(name), \(surveyID), \(period.firstDay.description)::date, \(actor))
                    ON CONFLICT (sha256) DO NOTHING RETURNING scan_file_id
                    """, logger: logger
                ).decode(Int.self) { fileID = id }
                guard let fileID else {
                    var earlier = name
                    for try await n in try await connection.query("SELECT name FROM scan_files WHERE sha256 = \(sha256)", logger: logger)
                        .decode(String.self)
                    { earlier = n }
                    return .alreadyImported(name: earlier)
                }
                for page in pages {
                    // A page scanned before: name both.
                    for try await (file, at) in try await connection.query(
                        """
                        SELECT f.name, p.page_in_file FROM scan_pages p JOIN scan_files f USING (scan_file_id)
                        WHERE p.unit_code = \(page.code.unit) AND p.serial = \(page.code.serial) AND p.page = \(page.code.page)
                        """, logger: logger
                    ).decode((String, Int).self) {
                        throw ScannedTwice(
                            unit: page.code.unit, serial: page.code.serial, page: page.code.page, earlier: "\(file), page \(at)",
                            now: "\(name), page \(page.pageInFile)")
                    }
                    let answers = String(decoding: try JSONEncoder().encode(page.answers), as: UTF8.self)
                    let doubts = String(decoding: try JSONEncoder().encode(page.doubts), as: UTF8.self)
                    try await connection.query(
                        """
                        INSERT INTO scan_pages (scan_file_id, page_in_file, layout_id, unit_code, serial, page, status, answers, doubts, image_png)
                        VALUES (\(fileID), \(page.pageInFile), \(page.code.layoutID), \(page.code.unit), \(page.code.serial), \(page.code.page),
                                \(page.doubts.isEmpty ? "read" : "review"), \(answers)::jsonb, \(doubts)::jsonb, \(ByteBuffer(data: page.png)))
                        """, logger: logger)
                }
                // Forms whose pages are all read now become questionnaires.
                var made: [Int] = []
                let forms = Set(pages.map { "\($0.code.unit)\u{1F}\($0.code.serial)\u{1F}\($0.code.layoutID)" }).sorted()
                for form in forms {
                    let parts = form.split(separator: "\u{1F}").map(String.init)
                    let (unit, serial, layout) = (parts[0], Int(parts[1])!, Int(parts[2])!)
                    var answers: [String: [String]] = [:]
                    var (count, allRead, done) = (0, true, false)
                    for try await (status, json, response) in try await connection.query(
                        "SELECT status, answers::text, response_id FROM scan_pages WHERE unit_code = \(unit) AND serial = \(serial)",
                        logger: logger
                    ).decode((String, String, Int?).self) {
                        count += 1
                        allRead = allRead && status == "read"
                        done = done || response != nil
                        for (item, options) in try JSONDecoder().decode([String: [String]].self, from: Data(json.utf8)) {
                            answers[item] = options
                        }
                    }
                    guard allRead, !done, count == pagesPerForm[layout] else { continue }
                    let q = try questionnaire(unit, serial, answers)
                    var responseID = 0
                    for try await id in try await connection.query(
                        """
                        INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by)
                        VALUES (\(surveyID), \(q.unitID), \(q.date.description)::date, 'paper', \("scan:\(unit):\(serial)"), \(q.answers),
                                '{}'::jsonb, 'scan')
                        RETURNING response_id
                        """, logger: logger
                    ).decode(Int.self) { responseID = id }
                    try await connection.query(
                        "UPDATE scan_pages SET response_id = \(responseID) WHERE unit_code = \(unit) AND serial = \(serial)", logger: logger
                    )
                    made.append(serial)
                }
                try await AuditLog.record(
                    connection, actor: actor, action: "scan.import", objectType: "scan_file", objectID: String(fileID),
                    details: [
                        "name": name, "pages": String(pages.count), "review": String(pages.filter { !$0.doubts.isEmpty }.count),
                        "questionnaires": String(made.count),
                    ], logger: logger)
                return .imported(pages: pages.count, review: pages.filter { !$0.doubts.isEmpty }.count, questionnaires: made)
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// The kept image of a page (PNG) and what was read on it.
    public func page(unit: String, serial: Int, page: Int) async throws -> (png: Data, status: String, responseID: Int?)? {
        let rows = try await db.client.query(
            "SELECT image_png, status, response_id FROM scan_pages WHERE unit_code = \(unit) AND serial = \(serial) AND page = \(page)",
            logger: db.logger)
        for try await (png, status, response) in rows.decode((ByteBuffer, String, Int?).self) {
            return (Data(png.readableBytesView), status, response)
        }
        return nil
    }
}
