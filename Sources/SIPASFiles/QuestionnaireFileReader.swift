import Foundation
import SIPASCore

/// Reads a questionnaire file (one row per questionnaire: unit, date, channel, an optional
/// id, one column per item code) as a stream of rows for the importer.
public final class QuestionnaireFileReader: QuestionnaireSource, @unchecked Sendable {
    public let columns: [String]
    public let headerLine: Int
    private var table: TableReader
    private let itemColumns: [(index: Int, code: String)]
    private let fixed: [String: Int]

    public static let fixedColumns = ["unit", "date", "channel", "id"]

    public init(url: URL, survey: Survey, encoding: TextEncoding? = nil, delimiter: Character? = nil) throws {
        table = try TableReader(url: url, encoding: encoding, delimiter: delimiter)
        guard let header = try table.next() else {
            table.close()
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "the file is empty; expected a header unit,date,channel,<item codes> and one row per questionnaire")])
        }
        headerLine = header.line
        columns = header.cells.map { cell in
            Self.fixedColumns.contains(cell.lowercased()) ? cell.lowercased() : cell
        }
        let known = Set(survey.allItems.map(\.code))
        itemColumns = columns.enumerated().filter { known.contains($0.element) }.map { ($0.offset, $0.element) }
        fixed = Dictionary(columns.enumerated().filter { Self.fixedColumns.contains($0.element) }.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var file: String { table.file }
    public var fractionRead: Double { table.fractionRead }
    public func close() { table.close() }

    public func next() throws -> QuestionnaireRow? {
        guard let row = try table.next() else { return nil }
        // Cells beyond the header belong to no column and would be dropped unseen.
        if row.cells.count > columns.count, row.cells[columns.count...].contains(where: { !$0.isEmpty }) {
            throw FileProblems([FileProblem(file: table.file, line: row.line, column: table.columnLabel(columns.count, name: ""),
                message: "this row has more cells than the header has columns (\(columns.count)); expected one cell per column of the header")])
        }
        func value(_ i: Int?) -> String { i.map { $0 < row.cells.count ? row.cells[$0] : "" } ?? "" }
        var answers: [String: String] = [:]
        answers.reserveCapacity(itemColumns.count)
        for (index, code) in itemColumns {
            let v = value(index)
            if !v.isEmpty { answers[code] = v }
        }
        return QuestionnaireRow(line: row.line, unit: value(fixed["unit"]), date: value(fixed["date"]), channel: value(fixed["channel"]),
                                clientID: fixed["id"].map { value($0) }, answers: answers)
    }
}
