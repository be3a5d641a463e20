import Foundation
import SIPASCore

/// Reads a tally file — CSV or XLSX, in the long layout (`unit,period,item,option,count`) or
/// the template layout that `sipas template tallies` writes — into counts as written, each
/// with its row and column. Validation is `TallyValidator`'s job.
public enum TallyFileReader {
    /// The keys of the template layout, in its first column.
    public enum Key: String, CaseIterable {
        case survey, unit, period, questionnaires, item
    }

    public static let longColumns = ["unit", "period", "item", "option", "count"]

    public static func read(url: URL, survey: Survey, encoding: TextEncoding? = nil, delimiter: Character? = nil) throws -> [TallyEntry] {
        var table = try TableReader(url: url, encoding: encoding, delimiter: delimiter)
        defer { table.close() }
        var rows: [(line: Int, cells: [String])] = []
        while let row = try table.next() {
            rows.append(row)
            if rows.count > 200_000 {
                throw FileProblems([
                    FileProblem(file: url.path, line: row.line, message: "a tally file has at most 200,000 rows; split the file by unit")
                ])
            }
        }
        guard let first = rows.first else {
            throw FileProblems([
                FileProblem(
                    file: url.path, line: nil,
                    message:
                        "the file is empty; expected a tally (the template of `sipas template tallies`, or the columns unit,period,item,option,count)"
                )
            ])
        }
        let header = first.cells.map { $0.lowercased() }
        if longColumns.allSatisfy(header.contains) {
            try checkLongLayout(rows, header: header, table: table)
            return readLong(rows, header: header, table: table)
        }
        return try readTemplate(rows, survey: survey, table: table)
    }

    /// A column named twice, or cells beyond the last column of the header, would be read
    /// silently wrong (one of the two columns ignored, the extra cells dropped): refused.
    static func checkLongLayout(_ rows: [(line: Int, cells: [String])], header: [String], table: TableReader) throws {
        var problems: [FileProblem] = []
        var seen = Set<String>()
        for (i, name) in header.enumerated() where !name.isEmpty && !seen.insert(name).inserted {
            problems.append(
                FileProblem(
                    file: table.file, line: rows[0].line, column: table.columnLabel(i, name: name),
                    message: "column \"\(name)\" appears twice; expected each of unit, period, item, option, count once"))
        }
        let width = header.count
        for row in rows.dropFirst() where row.cells.count > width && row.cells[width...].contains(where: { !$0.isEmpty }) {
            problems.append(
                FileProblem(
                    file: table.file, line: row.line, column: table.columnLabel(width, name: ""),
                    message: "this row has more cells than the header has columns (\(width)); expected unit, period, item, option, count"))
            if problems.count >= 100 { break }
        }
        if !problems.isEmpty { throw FileProblems(problems) }
    }

    static func readLong(_ rows: [(line: Int, cells: [String])], header: [String], table: TableReader) -> [TallyEntry] {
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var entries: [TallyEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows.dropFirst() {
            func value(_ name: String) -> String {
                let i = index[name]!
                return i < row.cells.count ? row.cells[i] : ""
            }
            func at(_ name: String) -> CellLocation { CellLocation(line: row.line, column: table.columnLabel(index[name]!, name: name)) }
            entries.append(
                TallyEntry(
                    unit: value("unit"), period: value("period"), item: value("item"), option: value("option"), count: value("count"),
                    unitAt: at("unit"), periodAt: at("period"), itemAt: at("item"), optionAt: at("option"), countAt: at("count")))
        }
        return entries
    }

    /// The template: blocks that start with a `unit` row, each with its `period` and
    /// `questionnaires`, then sections headed `item, label, option codes…` and one row per item.
    /// Rows whose first cell is empty are labels; rows before the first `unit` are titles.
    static func readTemplate(_ rows: [(line: Int, cells: [String])], survey: Survey, table: TableReader) throws -> [TallyEntry] {
        var entries: [TallyEntry] = []
        var problems: [FileProblem] = []
        var unit: (text: String, at: CellLocation)?
        var period: (text: String, at: CellLocation)?
        var pendingQuestionnaires: [(text: String, at: CellLocation, line: Int)] = []
        var optionColumns: [(index: Int, code: String)] = []
        var sawKey = false

        func cell(_ row: (line: Int, cells: [String]), _ i: Int) -> String { i < row.cells.count ? row.cells[i] : "" }
        func flushQuestionnaires() {
            guard let unit, let period else { return }
            for q in pendingQuestionnaires {
                entries.append(
                    TallyEntry(
                        unit: unit.text, period: period.text, item: TallyEntry.questionnairesItem, option: "", count: q.text,
                        unitAt: unit.at, periodAt: period.at, itemAt: q.at, optionAt: q.at, countAt: q.at))
            }
            pendingQuestionnaires = []
        }

        for row in rows {
            let first = cell(row, 0)
            if first.isEmpty { continue }
            let valueAt = CellLocation(line: row.line, column: table.columnLabel(1, name: ""))
            switch Key(rawValue: first.lowercased()) {
            case .survey:
                sawKey = true
                let code = cell(row, 1)
                if !code.isEmpty && code != survey.code {
                    problems.append(
                        FileProblem(
                            file: table.file, line: row.line, column: valueAt.column,
                            message: "this tally is for survey \"\(code)\"", remedy: .sameSurvey(imported: survey.code)))
                }
            case .unit:
                sawKey = true
                unit = (cell(row, 1), valueAt)
                period = nil
                optionColumns = []
                if unit!.text.isEmpty {
                    problems.append(
                        FileProblem(
                            file: table.file, line: row.line, column: valueAt.column,
                            message: "the unit is empty; expected the unit code (e.g. 18073)"))
                }
            case .period:
                sawKey = true
                period = (cell(row, 1), valueAt)
                flushQuestionnaires()
            case .questionnaires:
                sawKey = true
                let text = cell(row, 1)
                pendingQuestionnaires.append((text.isEmpty ? "" : text, valueAt, row.line))
                flushQuestionnaires()
            case .item:
                sawKey = true
                optionColumns = row.cells.enumerated().dropFirst(2).compactMap { i, code in
                    code.isEmpty ? nil : (i, code.lowercased() == "na" ? "na" : code)
                }
            case nil:
                guard sawKey else { continue }  // a title above the first key row
                guard let unit, let period else {
                    problems.append(
                        FileProblem(
                            file: table.file, line: row.line, column: table.columnLabel(0, name: ""),
                            message:
                                "\"\(first)\" comes before the unit and period rows; expected rows unit, period, questionnaires above the items"
                        ))
                    continue
                }
                guard !optionColumns.isEmpty else {
                    problems.append(
                        FileProblem(
                            file: table.file, line: row.line, column: table.columnLabel(0, name: ""),
                            message:
                                "item \"\(first)\" comes before a header row \"item, …, option codes\"; expected the layout of `sipas template tallies`"
                        ))
                    continue
                }
                let itemAt = CellLocation(line: row.line, column: table.columnLabel(0, name: "item"))
                for (index, code) in optionColumns {
                    let count = cell(row, index)
                    if count.isEmpty { continue }
                    let at = CellLocation(line: row.line, column: table.columnLabel(index, name: code))
                    entries.append(
                        TallyEntry(
                            unit: unit.text, period: period.text, item: first, option: code, count: count,
                            unitAt: unit.at, periodAt: period.at, itemAt: itemAt, optionAt: at, countAt: at))
                }
            }
        }
        if !sawKey {
            problems.append(
                FileProblem(
                    file: table.file, line: rows.first?.line,
                    message:
                        "this is neither a tally template nor a long tally; expected the header unit,period,item,option,count or the rows of `sipas template tallies`"
                ))
        }
        for q in pendingQuestionnaires {
            problems.append(
                FileProblem(
                    file: table.file, line: q.line, column: q.at.column,
                    message: "the number of questionnaires has no unit and period above it"))
        }
        guard problems.isEmpty else { throw FileProblems(problems) }
        return entries
    }
}
