import Foundation
import Logging
import PostgresNIO
import SIPASCore

extension UploadStore {
    /// Imports a validated tally in one transaction: the upload, its rows via COPY, its
    /// counts and an audit event. Conflicting data are refused unless
    /// `replace`, which supersedes the earlier uploads.
    public func importTallies(_ tally: ValidTally, surveyID: Int, file: FileInfo, replace: Bool) async throws -> Outcome {
        if let earlier = try await existing(kind: .tallies, surveyID: surveyID, sha256: file.sha256) {
            return .alreadyImported(earlier)
        }
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let uploadID = try await Self.insertUpload(.tallies, surveyID: surveyID, file: file, on: connection, logger: logger)
                let keys = Array(tally.counts.counts.keys)
                try await connection.copyFrom(
                    table: "tallies",
                    columns: ["upload_id", "survey_id", "unit_id", "period_kind", "period_start", "item_code", "option_code", "count"],
                    logger: logger
                ) { writer in
                    var copy = CopyText()
                    for key in keys {
                        copy.int(uploadID)
                        copy.tab()
                        copy.int(surveyID)
                        copy.tab()
                        copy.int(key.unitID)
                        copy.tab()
                        copy.text(key.period.kind.rawValue)
                        copy.tab()
                        copy.text(key.period.firstDay.description)
                        copy.tab()
                        copy.text(key.item)
                        copy.tab()
                        copy.text(key.option)
                        copy.tab()
                        copy.int(tally.counts.counts[key]!)
                        copy.endRow()
                        if copy.buffer.readableBytes > 1 << 16 { try await writer.write(copy.take()) }
                    }
                    try await writer.write(copy.take())
                }
                return try await Self.finish(
                    uploadID: uploadID, surveyID: surveyID, counts: tally.counts,
                    rowCount: tally.rowCount, file: file, replace: replace, on: connection, logger: logger)
            }
        } catch {
            throw Self.translate(error.unwrappingTransaction, kind: .tallies, surveyID: surveyID, file: file)
        }
    }

    /// Imports questionnaires while reading them: rows stream through `validator` into COPY;
    /// counts are added up on the way. If any row has a problem the transaction is rolled
    /// back and every problem is thrown (`FileProblems`), so nothing is written.
    public func importQuestionnaires<Source: QuestionnaireSource & Sendable>(
        _ source: Source, validator: QuestionnaireValidator, surveyID: Int, file: FileInfo, replace: Bool,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Outcome {
        if let earlier = try await existing(kind: .responses, surveyID: surveyID, sha256: file.sha256) {
            return .alreadyImported(earlier)
        }
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let uploadID = try await Self.insertUpload(.responses, surveyID: surveyID, file: file, on: connection, logger: logger)
                var source = source
                var validator = validator
                var written = 0
                try await connection.copyFrom(
                    table: "responses",
                    columns: ["upload_id", "survey_id", "unit_id", "response_date", "channel", "client_id", "answers", "profile"],
                    logger: logger
                ) { writer in
                    var copy = CopyText(capacity: 1 << 18)
                    while let row = try source.next() {
                        guard let q = validator.check(row), validator.problemCount == 0 else { continue }
                        copy.int(uploadID)
                        copy.tab()
                        copy.int(surveyID)
                        copy.tab()
                        copy.int(q.unitID)
                        copy.tab()
                        copy.text(q.date.description)
                        copy.tab()
                        copy.text(q.channel.rawValue)
                        copy.tab()
                        copy.text(q.clientID)
                        copy.tab()
                        copy.integerArray(q.answers)
                        copy.tab()
                        copy.text(StoredJSON.text(q.profile))
                        copy.endRow()
                        written += 1
                        if copy.buffer.readableBytes > 1 << 18 {
                            try await writer.write(copy.take())
                            progress?(validator.rowCount)
                        }
                    }
                    if validator.problemCount == 0 { try await writer.write(copy.take()) }
                    progress?(validator.rowCount)
                }
                if validator.problemCount > 0 {
                    var problems = validator.problems
                    if validator.problemCount > problems.count {
                        problems.append(
                            FileProblem(
                                file: file.fileName, line: nil, message: "… and \(validator.problemCount - problems.count) more problems"))
                    }
                    throw FileProblems(problems)
                }
                if written == 0 {
                    throw FileProblems([
                        FileProblem(
                            file: file.fileName, line: nil,
                            message: "the file has no questionnaires; expected one row per questionnaire below the header")
                    ])
                }
                return try await Self.finish(
                    uploadID: uploadID, surveyID: surveyID, counts: validator,
                    rowCount: written, file: file, replace: replace, on: connection, logger: logger)
            }
        } catch {
            throw Self.translate(error.unwrappingTransaction, kind: .responses, surveyID: surveyID, file: file)
        }
    }

    /// A concurrent import of the same file loses the race on the unique key: say so plainly.
    static func translate(_ error: Error, kind: Kind, surveyID: Int, file: FileInfo) -> Error {
        if error.sqlState == "23505", "\(error.postgresDescription)".contains("uploads_kind_survey_id_sha256") {
            return DatabaseError.conflict("\(file.fileName) was imported at the same moment by another session; nothing was written")
        }
        return error
    }

    static func insertUpload(_ kind: Kind, surveyID: Int, file: FileInfo, on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        let rows = try await connection.query(
            """
            INSERT INTO uploads (kind, survey_id, file_name, sha256, uploaded_by)
            VALUES (\(kind.rawValue), \(surveyID), \(file.fileName), \(file.sha256), \(file.actor))
            RETURNING upload_id
            """, logger: logger)
        for try await id in rows.decode(Int.self) { return id }
        throw DatabaseError.invalid("the upload row was not created")
    }

    /// The common end of every import: conflicts, supersede, scopes, counts, audit.
    static func finish(
        uploadID: Int, surveyID: Int, counts: some CountCollection, rowCount: Int, file: FileInfo,
        replace: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> Outcome {
        // Imports of one survey take turns from here to commit, so two cannot both claim a
        // unit and period.
        try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x7570_0000) + Int64(surveyID)))", logger: logger)
        let scopes = counts.scopes.sorted()
        let conflicts = try await Self.conflicts(scopes, surveyID: surveyID, excluding: uploadID, on: connection, logger: logger)
        if !conflicts.isEmpty && !replace {
            throw UploadError.conflict(file: file.fileName, conflicts)
        }
        let supersededIDs = Array(Set(conflicts.map(\.uploadID))).sorted()
        if !supersededIDs.isEmpty {
            // Superseding takes a whole upload out of the analysis: refuse when it also holds
            // units or periods that this file does not bring again, so nothing is lost.
            let uncovered = try await Self.uncoveredScopes(of: supersededIDs, by: scopes, on: connection, logger: logger)
            if !uncovered.isEmpty {
                throw UploadError.partialReplace(file: file.fileName, uncovered)
            }
        }

        try await connection.query(
            """
            INSERT INTO upload_scopes (upload_id, survey_id, unit_id, period_kind, period_start)
            SELECT \(uploadID), \(surveyID), unit_id, kind, start::date
            FROM unnest(\(scopes.map(\.unitID))::bigint[], \(scopes.map(\.period.kind.rawValue))::text[], \(scopes.map(\.period.firstDay.description))::text[])
                 AS t(unit_id, kind, start)
            """, logger: logger)
        // The counts go in as vectors, one per unit, period and channel, in the survey's stored
        // slot layout: a year of a province's questionnaires is about 13,000 rows.
        let layout = try await slotLayout(surveyID: surveyID, on: connection, logger: logger)
        let vectors: [CountVector]
        do {
            vectors = try counts.vectors(in: layout)
        } catch let error as CountWithoutSlot {
            throw DatabaseError.invalid("\(file.fileName): \(error)")
        }
        try await connection.copyFrom(
            table: "upload_vectors",
            columns: ["upload_id", "survey_id", "unit_id", "period_kind", "period_start", "channel", "counts"],
            logger: logger
        ) { writer in
            var copy = CopyText(capacity: 1 << 16)
            for vector in vectors {
                copy.int(uploadID)
                copy.tab()
                copy.int(surveyID)
                copy.tab()
                copy.int(vector.unitID)
                copy.tab()
                copy.text(vector.period.kind.rawValue)
                copy.tab()
                copy.text(vector.period.firstDay.description)
                copy.tab()
                copy.text(vector.channel)
                copy.tab()
                copy.integerArray(vector.counts)
                copy.endRow()
                if copy.buffer.readableBytes > 1 << 16 { try await writer.write(copy.take()) }
            }
            try await writer.write(copy.take())
        }
        let questionnaires = counts.questionnaireCount
        try await connection.query(
            """
            UPDATE uploads SET row_count = \(rowCount), unit_count = \(Set(scopes.map(\.unitID)).count),
                   questionnaires = \(questionnaires), supersedes = \(supersededIDs)
            WHERE upload_id = \(uploadID)
            """, logger: logger)
        if !supersededIDs.isEmpty {
            try await connection.query(
                """
                UPDATE uploads SET status = 'superseded', superseded_by = \(uploadID) WHERE upload_id = ANY(\(supersededIDs))
                """, logger: logger)
        }
        try await AuditLog.record(
            connection, actor: file.actor, action: "upload.import", objectType: "upload", objectID: "\(uploadID)",
            details: [
                "file": file.fileName, "sha256": file.sha256, "rows": "\(rowCount)", "questionnaires": "\(questionnaires)",
                "supersedes": supersededIDs.map(String.init).joined(separator: ","),
            ], logger: logger)
        for id in supersededIDs {
            try await AuditLog.record(
                connection, actor: file.actor, action: "upload.supersede", objectType: "upload", objectID: "\(id)",
                details: ["superseded_by": "\(uploadID)"], logger: logger)
        }
        let all = try await uploads([uploadID] + supersededIDs, on: connection, logger: logger)
        return .imported(all.first { $0.id == uploadID }!, superseded: all.filter { $0.id != uploadID })
    }

    /// Units and periods of `uploads` that `scopes` do not cover.
    static func uncoveredScopes(of uploads: [Int], by scopes: [UploadScope], on connection: PostgresConnection, logger: Logger) async throws
        -> [UploadError.Conflict]
    {
        let rows = try await connection.query(
            """
            SELECT un.code || ' ' || un.name, s.period_kind, s.period_start::text, u.upload_id, u.file_name, u.uploaded_by
            FROM upload_scopes s JOIN uploads u USING (upload_id) JOIN units un ON un.unit_id = s.unit_id
            WHERE s.upload_id = ANY(\(uploads))
              AND NOT EXISTS (
                SELECT 1 FROM unnest(\(scopes.map(\.unitID))::bigint[], \(scopes.map(\.period.kind.rawValue))::text[],
                                     \(scopes.map(\.period.firstDay.description))::text[]) AS t(unit_id, kind, start)
                WHERE t.unit_id = s.unit_id AND t.kind = s.period_kind AND t.start::date = s.period_start)
            ORDER BY 1, s.period_start
            """, logger: logger)
        var result: [UploadError.Conflict] = []
        for try await (unit, kind, start, id, fileName, by) in rows.decode((String, String, String, Int, String, String).self) {
            guard let period = period(kind: kind, start: start) else { continue }
            result.append(UploadError.Conflict(unit: unit, period: period, uploadID: id, uploadFile: fileName, uploadedBy: by))
        }
        return result
    }

    /// Active uploads of the survey that cover any of `scopes` (same unit version, overlapping period).
    static func conflicts(
        _ scopes: [UploadScope], surveyID: Int, excluding uploadID: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [UploadError.Conflict] {
        let rows = try await connection.query(
            """
            SELECT un.code || ' ' || un.name, t.kind, t.start, u.upload_id, u.file_name, u.uploaded_by
            FROM unnest(\(scopes.map(\.unitID))::bigint[], \(scopes.map(\.period.kind.rawValue))::text[],
                        \(scopes.map(\.period.firstDay.description))::text[], \(scopes.map(\.period.lastDay.description))::text[])
                 AS t(unit_id, kind, start, last)
            JOIN upload_scopes s ON s.unit_id = t.unit_id AND s.survey_id = \(surveyID)
                 AND daterange(s.period_start, (s.period_start + CASE s.period_kind WHEN 'quarter' THEN interval '3 months' ELSE interval '1 month' END)::date)
                     && daterange(t.start::date, t.last::date, '[]')
            JOIN uploads u ON u.upload_id = s.upload_id AND u.status = 'active' AND u.upload_id <> \(uploadID)
            JOIN units un ON un.unit_id = t.unit_id
            ORDER BY 1, t.start, u.upload_id
            """, logger: logger)
        var result: [UploadError.Conflict] = []
        for try await (unit, kind, start, id, fileName, by) in rows.decode((String, String, String, Int, String, String).self) {
            guard let period = period(kind: kind, start: start) else { continue }
            result.append(UploadError.Conflict(unit: unit, period: period, uploadID: id, uploadFile: fileName, uploadedBy: by))
        }
        return result
    }

    /// The survey's slot layout as stored (`count_slots`): vectors are written in it.
    static func slotLayout(surveyID: Int, on connection: PostgresConnection, logger: Logger) async throws -> SlotLayout {
        let rows = try await connection.query(
            "SELECT item_code, option_code FROM count_slots WHERE survey_id = \(surveyID) ORDER BY slot", logger: logger)
        var items: [String] = []
        var options: [String] = []
        for try await (item, option) in rows.decode((String, String).self) {
            items.append(item)
            options.append(option)
        }
        guard !items.isEmpty else { throw DatabaseError.invalid("survey #\(surveyID) has no count layout; run `sipas db migrate`") }
        return SlotLayout(items: items, options: options)
    }

    /// Brings a superseded upload back: it becomes active again and supersedes the active
    /// uploads that now cover its units and periods.
    public func revert(_ id: Int, actor: String) async throws -> (restored: Upload, superseded: [Upload]) {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                guard let upload = try await Self.uploads([id], on: connection, logger: logger).first else {
                    throw DatabaseError.notFound("there is no upload \(id); `sipas uploads list` shows them")
                }
                guard upload.status == .superseded else { throw UploadError.notSuperseded(id: id) }
                try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x7570_0000) + Int64(upload.surveyID)))", logger: logger)
                let scopeRows = try await connection.query(
                    "SELECT unit_id, period_kind, period_start::text FROM upload_scopes WHERE upload_id = \(id)", logger: logger)
                var scopes: [UploadScope] = []
                for try await (unit, kind, start) in scopeRows.decode((Int, String, String).self) {
                    if let period = Self.period(kind: kind, start: start) { scopes.append(UploadScope(unitID: unit, period: period)) }
                }
                let conflicts = try await Self.conflicts(scopes, surveyID: upload.surveyID, excluding: id, on: connection, logger: logger)
                let others = Array(Set(conflicts.map(\.uploadID))).sorted()
                let uncovered = try await Self.uncoveredScopes(of: others, by: scopes, on: connection, logger: logger)
                if !uncovered.isEmpty {
                    throw UploadError.partialReplace(file: "upload \(id) (\(upload.fileName))", uncovered)
                }
                try await connection.query(
                    "UPDATE uploads SET status = 'active', superseded_by = NULL WHERE upload_id = \(id)", logger: logger)
                if !others.isEmpty {
                    try await connection.query(
                        "UPDATE uploads SET status = 'superseded', superseded_by = \(id) WHERE upload_id = ANY(\(others))", logger: logger)
                }
                try await AuditLog.record(
                    connection, actor: actor, action: "upload.revert", objectType: "upload", objectID: "\(id)",
                    details: ["supersedes": others.map(String.init).joined(separator: ",")], logger: logger)
                let all = try await Self.uploads([id] + others, on: connection, logger: logger)
                return (all.first { $0.id == id }!, all.filter { $0.id != id })
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }
}
