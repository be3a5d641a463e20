import Foundation
import SIPASCore

/// Reads unit lists (`code,parent_code,level,type,name`) and change lists
/// (`old_code,new_code,change,note[,share]`). Lines starting with `#` are documentation.
public enum UnitListReader {
    public static let unitColumns = ["code", "parent_code", "level", "type", "name"]
    public static let changeColumns = ["old_code", "new_code", "change", "note"]

    public static func readUnits(contentsOf url: URL) throws -> [UnitRow] {
        try readUnits(records: records(url, file: url.path), file: url.path)
    }

    public static func readChanges(contentsOf url: URL) throws -> [UnitChangeRow] {
        try readChanges(records: records(url, file: url.path), file: url.path)
    }

    /// A unit list given as text (tests, the HTTP service), named `file` in messages.
    public static func readUnits(text: String, file: String) throws -> [UnitRow] {
        try withTemporaryFile(text) { try readUnits(records: records($0, file: file), file: file) }
    }

    public static func readChanges(text: String, file: String) throws -> [UnitChangeRow] {
        try withTemporaryFile(text) { try readChanges(records: records($0, file: file), file: file) }
    }

    static func withTemporaryFile<T>(_ text: String, _ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-units-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    /// Every record of a unit or change list (lines starting with # are documentation).
    static func records(_ url: URL, file: String) throws -> [CSVRecord] {
        do {
            var reader = try DelimitedFileReader(url: url, commentPrefix: "#")
            var records: [CSVRecord] = []
            while let record = try reader.next() { records.append(record) }
            return records
        } catch let error as DelimitedTextError {
            throw FileProblems([error.problem(file: file)])
        }
    }

    /// Parses and checks a unit list on its own: columns, levels, duplicate codes, parents
    /// that are neither in the file nor given in `knownParents`.
    static func readUnits(records: [CSVRecord], file: String) throws -> [UnitRow] {
        var problems: [FileProblem] = []
        guard let header = records.first else {
            throw FileProblems([
                FileProblem(file: file, line: 1, message: "the file is empty; expected the header \(unitColumns.joined(separator: ","))")
            ])
        }
        let columns = try columnIndex(header, required: unitColumns, file: file)
        var rows: [UnitRow] = []
        var seen: [String: Int] = [:]
        // Raw codes of the file by level: a commune's parent is a district of the file when
        // one has that code, else the province (statistics codes repeat across levels once
        // their leading zeros are lost).
        var rawLevels: [String: Set<UnitLevel>] = [:]
        for record in records.dropFirst() {
            guard let l = columns["level"], let c = columns["code"], l < record.fields.count, c < record.fields.count,
                let level = UnitLevel(rawValue: record.fields[l].trimmingCharacters(in: .whitespaces))
            else { continue }
            rawLevels[record.fields[c].trimmingCharacters(in: .whitespaces), default: []].insert(level)
        }
        for record in records.dropFirst() {
            func value(_ name: String) -> String {
                let i = columns[name]!
                return i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespaces) : ""
            }
            if record.fields.count != header.fields.count {
                problems.append(
                    FileProblem(
                        file: file, line: record.line,
                        message: "found \(record.fields.count) fields; expected \(header.fields.count) like the header"))
                continue
            }
            let levelText = value("level")
            guard let level = UnitLevel(rawValue: levelText) else {
                problems.append(
                    FileProblem(
                        file: file, line: record.line, column: "level",
                        message:
                            "\"\(levelText)\" is not a unit level; expected one of: \(UnitLevel.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
                continue
            }
            let rawCode = value("code")
            if rawCode.isEmpty {
                problems.append(FileProblem(file: file, line: record.line, column: "code", message: "the unit code is empty"))
                continue
            }
            let name = value("name")
            if name.isEmpty {
                problems.append(FileProblem(file: file, line: record.line, column: "name", message: "the unit name is empty"))
                continue
            }
            let code = AdminUnit.normalizedCode(rawCode, level: level)
            let rawParent = value("parent_code")
            let parent: String? = rawParent.isEmpty ? nil : normalizedParent(rawParent, of: level, rawLevels: rawLevels)
            if level != .province && parent == nil {
                problems.append(
                    FileProblem(file: file, line: record.line, column: "parent_code", message: "a \(level.rawValue) needs a parent_code"))
                continue
            }
            if let earlier = seen[code] {
                problems.append(
                    FileProblem(file: file, line: record.line, column: "code", message: "code \(code) is already used on line \(earlier)"))
                continue
            }
            seen[code] = record.line
            rows.append(
                UnitRow(line: record.line, unit: AdminUnit(code: code, parentCode: parent, level: level, type: value("type"), name: name)))
        }
        guard problems.isEmpty else { throw FileProblems(problems) }
        return rows
    }

    static func normalizedParent(_ raw: String, of level: UnitLevel, rawLevels: [String: Set<UnitLevel>]) -> String {
        let levels = rawLevels[raw] ?? []
        switch level {
        case .commune:
            if levels.contains(.district) { return AdminUnit.normalizedCode(raw, level: .district) }
            if levels.contains(.province) { return AdminUnit.normalizedCode(raw, level: .province) }
            return raw
        case .district, .department:
            return levels.contains(.province) ? AdminUnit.normalizedCode(raw, level: .province) : raw
        case .province:
            return raw
        }
    }

    static func readChanges(records: [CSVRecord], file: String) throws -> [UnitChangeRow] {
        guard let header = records.first else {
            throw FileProblems([
                FileProblem(file: file, line: 1, message: "the file is empty; expected the header \(changeColumns.joined(separator: ","))")
            ])
        }
        let columns = try columnIndex(header, required: ["old_code", "new_code", "change"], file: file)
        var problems: [FileProblem] = []
        var rows: [UnitChangeRow] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ name: String) -> String {
                guard let i = columns[name], i < record.fields.count else { return "" }
                return record.fields[i].trimmingCharacters(in: .whitespaces)
            }
            let old = value("old_code")
            let new = value("new_code")
            let kindText = value("change")
            if old.isEmpty || new.isEmpty {
                problems.append(
                    FileProblem(file: file, line: record.line, column: old.isEmpty ? "old_code" : "new_code", message: "the code is empty"))
                continue
            }
            guard let kind = UnitChangeKind(rawValue: kindText) else {
                problems.append(
                    FileProblem(
                        file: file, line: record.line, column: "change",
                        message:
                            "\"\(kindText)\" is not a change; expected one of: \(UnitChangeKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
                continue
            }
            let note = value("note")
            var share: Double? = nil
            let shareText = value("share")
            if !shareText.isEmpty {
                guard let s = Double(shareText.replacingOccurrences(of: ",", with: ".")), s > 0, s <= 1 else {
                    problems.append(
                        FileProblem(
                            file: file, line: record.line, column: "share",
                            message: "\"\(shareText)\" is not a share; expected a number above 0 and at most 1"))
                    continue
                }
                share = s
            }
            let key = "\(old)→\(new)"
            if let earlier = seen[key] {
                problems.append(FileProblem(file: file, line: record.line, message: "\(old) → \(new) is already listed on line \(earlier)"))
                continue
            }
            seen[key] = record.line
            rows.append(
                UnitChangeRow(
                    line: record.line,
                    change: UnitChange(
                        oldCode: old, newCode: new, kind: kind, isDefault: note == "default", share: share, note: note)))
        }
        // A split names its default successor when it has several.
        let byOld = Dictionary(grouping: rows, by: \.change.oldCode)
        for (old, group) in byOld.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let defaults = group.filter(\.change.isDefault)
            if defaults.count > 1 {
                problems.append(
                    FileProblem(
                        file: file, line: defaults[1].line, column: "note", message: "old unit \(old) has more than one default successor"))
            }
            let shares = group.compactMap(\.change.share)
            if !shares.isEmpty && (shares.count != group.count || abs(shares.reduce(0, +) - 1) > 1e-9) {
                problems.append(
                    FileProblem(
                        file: file, line: group[0].line, column: "share",
                        message: "the shares of old unit \(old) must be given for every successor and add up to 1"))
            }
        }
        guard problems.isEmpty else { throw FileProblems(problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        return rows
    }

    static func columnIndex(_ header: CSVRecord, required: [String], file: String) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            index[name.trimmingCharacters(in: .whitespaces).lowercased()] = i
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw FileProblems([
                FileProblem(
                    file: file, line: header.line,
                    message: "missing column(s) \(missing.joined(separator: ", ")); expected the header \(required.joined(separator: ","))")
            ])
        }
        return index
    }
}
