import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// Stores unit versions and successions. Importing a structure closes the versions it
/// replaces instead of renaming them: a code alone does not identify a unit across time.
public struct UnitStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct ImportReport: Sendable, Equatable {
        public var added: Int = 0
        public var unchanged: Int = 0
        /// New versions of codes whose name, level, type or parent changed.
        public var replaced: Int = 0
        /// Versions closed because the new structure no longer has them.
        public var closed: [String] = []
    }

    /// Imports a structure valid from `validFrom` (to `validTo`, inclusive, when given).
    /// All of it or none: problems are thrown as `FileProblems` naming the line.
    public func importUnits(
        _ rows: [UnitRow], file: String, validFrom: CalendarDate, validTo: CalendarDate?, national: Bool = false, actor: String
    ) async throws
        -> ImportReport
    {
        if let validTo, validTo < validFrom {
            throw UnitListError.endsBeforeStart(validFrom: validFrom, validTo: validTo)
        }
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                try await connection.query("LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                let existing = try await Self.versions(connection, on: validFrom, logger: logger)
                let byCode = Dictionary(existing.map { ($0.unit.code, $0) }, uniquingKeysWith: { a, _ in a })
                let fileCodes = Dictionary(rows.map { ($0.unit.code, $0.unit) }, uniquingKeysWith: { a, _ in a })
                var problems: [FileProblem] = []
                for row in rows {
                    guard let parent = row.unit.parentCode else { continue }
                    if fileCodes[parent] == nil && byCode[parent] == nil {
                        problems.append(
                            FileProblem(
                                file: file, line: row.line, column: "parent_code",
                                message: "parent \(parent) of \(row.unit.code) is neither in this file nor a unit valid on \(validFrom)"))
                    } else if let p = fileCodes[parent] ?? byCode[parent]?.unit, !Self.canBeParent(p.level, of: row.unit.level) {
                        problems.append(
                            FileProblem(
                                file: file, line: row.line, column: "parent_code",
                                message: "parent \(parent) is a \(p.level.rawValue), which cannot contain a \(row.unit.level.rawValue)"))
                    }
                }
                // Versions starting after validFrom bound the new ones.
                let later = try await Self.nextStarts(connection, after: validFrom, logger: logger)
                var report = ImportReport()
                var toInsert: [(AdminUnit, CalendarDate?)] = []
                var toClose: [Int] = []
                for row in rows {
                    let end = [validTo, later[row.unit.code]?.previousDay].compactMap { $0 }.min()
                    if let current = byCode[row.unit.code] {
                        if current.unit == row.unit {
                            report.unchanged += 1
                            continue
                        }
                        if current.validFrom >= validFrom {
                            problems.append(
                                FileProblem(
                                    file: file, line: row.line, column: "code",
                                    message:
                                        "\(row.unit.code) already has a different version (\(current.unit.name)) starting \(current.validFrom)",
                                    remedy: .laterValidFrom))
                            continue
                        }
                        toClose.append(current.id)
                        report.replaced += 1
                    } else {
                        report.added += 1
                    }
                    toInsert.append((row.unit, end))
                }
                guard problems.isEmpty else { throw FileProblems(problems) }

                // Units of the same provinces and family that the new list no longer has.
                let provinces = Set(rows.compactMap { Self.province(of: $0.unit.code, in: fileCodes, existing: byCode) })
                let statistical = rows.contains { $0.unit.level.isStatistical }
                let departments = rows.contains { $0.unit.level == .department }
                for version in existing where fileCodes[version.unit.code] == nil {
                    let family = version.unit.level.isStatistical ? statistical : departments
                    // A national list covers every province: one it no longer has was merged
                    // into another, and its districts and communes end with it.
                    let covered =
                        (national && version.unit.level.isStatistical)
                        || Self.province(of: version.unit.code, in: [:], existing: byCode).map(provinces.contains) == true
                    guard family, covered, version.validFrom < validFrom else { continue }
                    toClose.append(version.id)
                    report.closed.append("\(version.unit.code) \(version.unit.name)")
                }

                if !toClose.isEmpty {
                    try await connection.query(
                        "UPDATE units SET valid_to = \(validFrom.previousDay.description)::date WHERE unit_id = ANY(\(toClose))",
                        logger: logger)
                }
                if !toInsert.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO units (code, parent_code, level, type, name, valid_from, valid_to)
                        SELECT code, NULLIF(parent, ''), level, type, name, \(validFrom.description)::date, NULLIF(valid_to, '')::date
                        FROM unnest(\(toInsert.map(\.0.code))::text[], \(toInsert.map { $0.0.parentCode ?? "" })::text[],
                                    \(toInsert.map(\.0.level.rawValue))::text[], \(toInsert.map(\.0.type))::text[],
                                    \(toInsert.map(\.0.name))::text[], \(toInsert.map { $0.1?.description ?? "" })::text[])
                             AS t(code, parent, level, type, name, valid_to)
                        """, logger: logger)
                }
                try await AuditLog.record(
                    connection, actor: actor, action: "units.import", objectType: "unit_list", objectID: file,
                    details: [
                        "valid_from": validFrom.description, "valid_to": validTo?.description ?? "", "national": String(national),
                        "added": "\(report.added)", "replaced": "\(report.replaced)", "unchanged": "\(report.unchanged)",
                        "closed": "\(report.closed.count)",
                    ], logger: logger)
                return report
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    static func canBeParent(_ parent: UnitLevel, of child: UnitLevel) -> Bool {
        switch child {
        case .province: return false
        case .department, .district: return parent == .province
        case .commune: return parent == .district || parent == .province
        }
    }

    /// The province a code belongs to, following parents through the file and the database.
    static func province(of code: String, in file: [String: AdminUnit], existing: [String: StoredUnit]) -> String? {
        var current = code
        for _ in 0..<8 {
            guard let unit = file[current] ?? existing[current]?.unit else { return nil }
            if unit.level == .province { return unit.code }
            guard let parent = unit.parentCode else { return nil }
            current = parent
        }
        return nil
    }

    /// A stored unit version.
    public typealias StoredUnit = UnitVersion

    static func decode(_ rows: PostgresRowSequence) async throws -> [StoredUnit] {
        var result: [StoredUnit] = []
        for try await (id, code, parent, level, type, name, from, to) in rows.decode(
            (Int, String, String?, String, String, String, String, String?).self)
        {
            result.append(
                StoredUnit(
                    id: id,
                    unit: AdminUnit(code: code, parentCode: parent, level: UnitLevel(rawValue: level) ?? .commune, type: type, name: name),
                    validFrom: CalendarDate(from)!, validTo: to.flatMap { CalendarDate($0) }))
        }
        return result
    }

    static func versions(_ connection: PostgresConnection, on date: CalendarDate, logger: Logger) async throws -> [StoredUnit] {
        try await decode(
            connection.query(
                """
                SELECT unit_id, code, parent_code, level, type, name, valid_from::text, valid_to::text FROM units
                WHERE valid_from <= \(date.description)::date AND (valid_to IS NULL OR valid_to >= \(date.description)::date)
                """, logger: logger))
    }

    static func nextStarts(_ connection: PostgresConnection, after date: CalendarDate, logger: Logger) async throws -> [String:
        CalendarDate]
    {
        let rows = try await connection.query(
            "SELECT code, min(valid_from)::text FROM units WHERE valid_from > \(date.description)::date GROUP BY code",
            logger: logger)
        var result: [String: CalendarDate] = [:]
        for try await (code, start) in rows.decode((String, String).self) { result[code] = CalendarDate(start) }
        return result
    }

    /// Units valid on a date (today when nil), optionally of one level, ordered for display.
    public func list(on date: CalendarDate, level: UnitLevel? = nil) async throws -> [StoredUnit] {
        let units = try await db.client.withConnection { connection in
            try await Self.versions(connection, on: date, logger: db.logger)
        }
        return units.filter { level == nil || $0.unit.level == level }
            .sorted { ($0.unit.level, $0.unit.code) < ($1.unit.level, $1.unit.code) }
    }

    /// Every version of a code, oldest first.
    public func history(code: String) async throws -> [StoredUnit] {
        try await Self.decode(
            db.client.query(
                """
                SELECT unit_id, code, parent_code, level, type, name, valid_from::text, valid_to::text FROM units
                WHERE code = \(code) ORDER BY valid_from
                """, logger: db.logger))
    }

    // MARK: Successions

    public struct ChangeReport: Sendable, Equatable {
        public var added: Int = 0
        public var unchanged: Int = 0
        /// Old units that ended the day before `effective` with no successor listed anywhere.
        public var unmapped: [String] = []
    }

    /// Imports successions effective on a date: each old code must be a unit valid the day
    /// before, each new code a unit valid on the day.
    public func importChanges(_ rows: [UnitChangeRow], file: String, effective: CalendarDate, actor: String) async throws -> ChangeReport {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let before = Dictionary(
                    try await Self.versions(connection, on: effective.previousDay, logger: logger).map { ($0.unit.code, $0) },
                    uniquingKeysWith: { a, _ in a })
                let after = Dictionary(
                    try await Self.versions(connection, on: effective, logger: logger).map { ($0.unit.code, $0) },
                    uniquingKeysWith: { a, _ in a })
                var problems: [FileProblem] = []
                for row in rows {
                    if before[row.change.oldCode] == nil {
                        problems.append(
                            FileProblem(
                                file: file, line: row.line, column: "old_code",
                                message:
                                    "\(row.change.oldCode) is not a unit valid on \(effective.previousDay), the day before the change; import the earlier structure first"
                            ))
                    }
                    if after[row.change.newCode] == nil {
                        problems.append(
                            FileProblem(
                                file: file, line: row.line, column: "new_code",
                                message: "\(row.change.newCode) is not a unit valid on \(effective)",
                                remedy: .importStructure(validFrom: effective)))
                    }
                }
                guard problems.isEmpty else { throw FileProblems(problems) }

                let existingRows = try await connection.query(
                    """
                    SELECT old_code, new_code, kind, is_default, share::float8 FROM unit_changes WHERE effective_on = \(effective.description)::date
                    """, logger: logger)
                var existing: [String: UnitChange] = [:]
                for try await (old, new, kind, isDefault, share) in existingRows.decode((String, String, String, Bool, Double?).self) {
                    existing["\(old)→\(new)"] = UnitChange(
                        oldCode: old, newCode: new, kind: UnitChangeKind(rawValue: kind) ?? .merge, isDefault: isDefault, share: share,
                        note: "")
                }
                var report = ChangeReport()
                for row in rows {
                    let c = row.change
                    if let stored = existing["\(c.oldCode)→\(c.newCode)"] {
                        if stored.kind == c.kind && stored.isDefault == c.isDefault && stored.share == c.share {
                            report.unchanged += 1
                            continue
                        }
                        problems.append(
                            FileProblem(
                                file: file, line: row.line,
                                message:
                                    "\(c.oldCode) → \(c.newCode) on \(effective) is already stored differently (\(stored.kind.rawValue)\(stored.isDefault ? ", default" : "")); successions are not edited in place"
                            ))
                        continue
                    }
                    try await connection.query(
                        """
                        INSERT INTO unit_changes (old_code, new_code, effective_on, kind, is_default, share, note)
                        VALUES (\(c.oldCode), \(c.newCode), \(effective.description)::date, \(c.kind.rawValue), \(c.isDefault), \(c.share), \(c.note))
                        """, logger: logger)
                    report.added += 1
                }
                guard problems.isEmpty else { throw FileProblems(problems) }

                // Old units of the levels this file speaks of that ended with no successor.
                let levels = Set(rows.compactMap { before[$0.change.oldCode]?.unit.level })
                let mappedRows = try await connection.query(
                    "SELECT DISTINCT old_code FROM unit_changes WHERE effective_on = \(effective.description)::date", logger: logger)
                var mapped = Set<String>()
                for try await code in mappedRows.decode(String.self) { mapped.insert(code) }
                report.unmapped = before.values
                    .filter { levels.contains($0.unit.level) && !mapped.contains($0.unit.code) && $0.validTo == effective.previousDay }
                    .sorted { $0.unit.code < $1.unit.code }
                    .map { "\($0.unit.code) \($0.unit.name)" }
                try await AuditLog.record(
                    connection, actor: actor, action: "units.changes.import", objectType: "unit_changes", objectID: file,
                    details: [
                        "effective": effective.description, "added": "\(report.added)", "unchanged": "\(report.unchanged)",
                        "unmapped": report.unmapped.joined(separator: "; "),
                    ], logger: logger)
                return report
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// Successions effective on a date (all when nil).
    public func changes(effective: CalendarDate? = nil) async throws -> [(effective: CalendarDate, change: UnitChange)] {
        let rows = try await db.client.query(
            """
            SELECT effective_on::text, old_code, new_code, kind, is_default, share::float8, note FROM unit_changes
            WHERE (\(effective?.description)::date IS NULL OR effective_on = \(effective?.description)::date)
            ORDER BY effective_on, old_code, new_code
            """, logger: db.logger)
        var result: [(CalendarDate, UnitChange)] = []
        for try await (on, old, new, kind, isDefault, share, note) in rows.decode(
            (String, String, String, String, Bool, Double?, String).self)
        {
            result.append(
                (
                    CalendarDate(on)!,
                    UnitChange(
                        oldCode: old, newCode: new, kind: UnitChangeKind(rawValue: kind) ?? .merge, isDefault: isDefault, share: share,
                        note: note)
                ))
        }
        return result
    }
}

extension UnitStore {
    /// Every stored unit version.
    public func allVersions() async throws -> [UnitVersion] {
        try await Self.decode(
            db.client.query(
                """
                SELECT unit_id, code, parent_code, level, type, name, valid_from::text, valid_to::text FROM units
                """, logger: db.logger))
    }
}
