import Crypto
import Foundation
import Logging
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
        /// Where the form lies on the kept image (a, b, c, d, e, f of the affine map).
        public var transform: [Double]

        public init(pageInFile: Int, code: FormCode, answers: [String: [String]], doubts: [String: String], png: Data, transform: [Double])
        {
            self.pageInFile = pageInFile
            self.code = code
            self.answers = answers
            self.doubts = doubts
            self.png = png
            self.transform = transform
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
                        INSERT INTO scan_pages (scan_file_id, page_in_file, layout_id, unit_code, serial, page, status, answers, doubts, image_png,
                                                transform)
                        VALUES (\(fileID), \(page.pageInFile), \(page.code.layoutID), \(page.code.unit), \(page.code.serial), \(page.code.page),
                                \(page.doubts.isEmpty ? "read" : "review"), \(answers)::jsonb, \(doubts)::jsonb, \(ByteBuffer(data: page.png)),
                                \(page.transform))
                        """, logger: logger)
                }
                // Forms whose pages are all read now become questionnaires.
                var made: [Int] = []
                let forms = Set(pages.map { FormKey(unit: $0.code.unit, serial: $0.code.serial, layout: $0.code.layoutID) })
                for form in forms.sorted(by: { ($0.unit, $0.serial) < ($1.unit, $1.serial) }) {
                    if try await Self.complete(
                        form, surveyID: surveyID, pagesPerForm: pagesPerForm, on: connection, logger: logger, questionnaire: questionnaire)
                    {
                        made.append(form.serial)
                    }
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

    struct FormKey: Hashable {
        var unit: String
        var serial: Int
        var layout: Int
    }

    /// Makes the questionnaire of a form whose pages are all read and that has none yet;
    /// returns whether it made one.
    static func complete(
        _ form: FormKey, surveyID: Int, pagesPerForm: [Int: Int], on connection: PostgresConnection, logger: Logger,
        questionnaire: (_ unit: String, _ serial: Int, _ answers: [String: [String]]) throws -> Questionnaire
    ) async throws -> Bool {
        var answers: [String: [String]] = [:]
        var (count, allRead, done) = (0, true, false)
        for try await (status, json, response) in try await connection.query(
            "SELECT status, answers::text, response_id FROM scan_pages WHERE unit_code = \(form.unit) AND serial = \(form.serial)",
            logger: logger
        ).decode((String, String, Int?).self) {
            count += 1
            allRead = allRead && status == "read"
            done = done || response != nil
            for (item, options) in try JSONDecoder().decode([String: [String]].self, from: Data(json.utf8)) { answers[item] = options }
        }
        guard allRead, !done, count == pagesPerForm[form.layout] else { return false }
        let q = try questionnaire(form.unit, form.serial, answers)
        var responseID = 0
        for try await id in try await connection.query(
            """
            INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by)
            VALUES (\(surveyID), \(q.unitID), \(q.date.description)::date, 'paper', \("scan:\(form.unit):\(form.serial)"), \(q.answers),
                    '{}'::jsonb, 'scan')
            RETURNING response_id
            """, logger: logger
        ).decode(Int.self) { responseID = id }
        try await connection.query(
            "UPDATE scan_pages SET response_id = \(responseID) WHERE unit_code = \(form.unit) AND serial = \(form.serial)", logger: logger)
        return true
    }

    /// A page waiting for review.
    public struct Pending: Sendable {
        public var unit: String
        public var serial: Int
        public var page: Int
        public var layoutID: Int
        public var surveyID: Int
        public var periodStart: CalendarDate
        public var doubts: [String: String]
        public var transform: [Double]
        public var png: Data
    }

    /// The pages waiting for review, oldest first (of the units whose codes `units` holds, when given).
    public func pending(units: Set<String>? = nil) async throws -> [Pending] {
        let rows = try await db.client.query(
            """
            SELECT p.unit_code, p.serial, p.page, p.layout_id, f.survey_id, f.period_start::text, p.doubts::text, p.transform, p.image_png
            FROM scan_pages p JOIN scan_files f USING (scan_file_id)
            WHERE p.status = 'review' ORDER BY p.scan_page_id
            """, logger: db.logger)
        var found: [Pending] = []
        for try await (unit, serial, page, layout, survey, period, doubts, transform, png) in rows.decode(
            (String, Int, Int, Int, Int, String, String, [Double], ByteBuffer).self)
        {
            if let units, !units.contains(unit) { continue }
            found.append(
                Pending(
                    unit: unit, serial: serial, page: page, layoutID: layout, surveyID: survey, periodStart: CalendarDate(period)!,
                    doubts: try JSONDecoder().decode([String: String].self, from: Data(doubts.utf8)), transform: transform,
                    png: Data(png.readableBytesView)))
        }
        return found
    }

    /// What a review decided.
    public enum Decision: Sendable, Equatable {
        /// The item is settled; the page still has items in doubt.
        case settled(open: Int)
        /// The page is read; its form is now a questionnaire (or still misses pages).
        case pageRead(questionnaire: Bool)
    }

    public struct NotInDoubt: Error, CustomStringConvertible, Sendable {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Settles one item in doubt of a page with `options` (none: left blank), audited; when
    /// the page has no item left in doubt it is read, and its form becomes a questionnaire once
    /// all its pages are read.
    public func decide(
        unit: String, serial: Int, page: Int, item: String, options: [String], actor: String, pagesPerForm: [Int: Int],
        questionnaire: @Sendable (_ unit: String, _ serial: Int, _ answers: [String: [String]]) throws -> Questionnaire
    ) async throws -> Decision {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                var found: (String, Int, Int)?
                for try await (doubts, layout, survey) in try await connection.query(
                    """
                    SELECT p.doubts::text, p.layout_id, f.survey_id FROM scan_pages p JOIN scan_files f USING (scan_file_id)
                    WHERE p.unit_code = \(unit) AND p.serial = \(serial) AND p.page = \(page) FOR UPDATE OF p
                    """, logger: logger
                ).decode((String, Int, Int).self) { found = (doubts, layout, survey) }
                guard let (doubtsJSON, layout, surveyID) = found else {
                    throw NotInDoubt(description: "no scanned page \(page) of form \(unit) no. \(serial)")
                }
                var doubts = try JSONDecoder().decode([String: String].self, from: Data(doubtsJSON.utf8))
                guard let reason = doubts.removeValue(forKey: item) else {
                    throw NotInDoubt(
                        description:
                            "item \(item) of form \(unit) no. \(serial), page \(page) is not in doubt; in doubt: \(doubts.keys.sorted().joined(separator: ", "))"
                    )
                }
                let remaining = String(decoding: try JSONEncoder().encode(doubts), as: UTF8.self)
                let chosen = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
                try await connection.query(
                    """
                    UPDATE scan_pages SET answers = jsonb_set(answers, ARRAY[\(item)], \(chosen)::jsonb), doubts = \(remaining)::jsonb,
                           status = CASE WHEN \(remaining)::jsonb = '{}'::jsonb THEN 'read' ELSE 'review' END
                    WHERE unit_code = \(unit) AND serial = \(serial) AND page = \(page)
                    """, logger: logger)
                try await AuditLog.record(
                    connection, actor: actor, action: "scan.review", objectType: "scan_page", objectID: "\(unit) \(serial) \(page)",
                    details: ["item": item, "chosen": options.joined(separator: "|"), "doubt": reason], logger: logger)
                guard doubts.isEmpty else { return .settled(open: doubts.count) }
                let made = try await Self.complete(
                    FormKey(unit: unit, serial: serial, layout: layout), surveyID: surveyID, pagesPerForm: pagesPerForm, on: connection,
                    logger: logger, questionnaire: questionnaire)
                return .pageRead(questionnaire: made)
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
