import Foundation
import SIPASCore

/// Reads a questionnaire file (one row per questionnaire: unit, date, channel, an optional
/// id, one column per item code) as a stream of rows for the importer.
public final class QuestionnaireFileReader: QuestionnaireSource, @unchecked Sendable {
    public let columns: [String]
    public let headerLine: Int
    private var table: TableReader
    /// The item code of each column, shared by every row.
    private let answerColumns: AnswerColumns
    private let unitColumn: Int?
    private let dateColumn: Int?
    private let channelColumn: Int?
    private let idColumn: Int?
    /// The cells of the row being read, kept to reuse their storage.
    private var cells = RowCells()

    public static let fixedColumns = ["unit", "date", "channel", "id"]

    public init(url: URL, survey: Survey, encoding: TextEncoding? = nil, delimiter: Character? = nil) throws {
        table = try TableReader(url: url, encoding: encoding, delimiter: delimiter)
        guard let header = try table.next() else {
            table.close()
            throw FileProblems([
                FileProblem(
                    file: url.path, line: nil,
                    message: "the file is empty; expected a header unit,date,channel,<item codes> and one row per questionnaire")
            ])
        }
        headerLine = header.line
        let columns = header.cells.map { cell in
            Self.fixedColumns.contains(cell.lowercased()) ? cell.lowercased() : cell
        }
        self.columns = columns
        let known = Set(survey.allItems.map(\.code))
        answerColumns = AnswerColumns(codes: columns.map { known.contains($0) ? $0 : nil })
        // The first column of each fixed name.
        unitColumn = columns.firstIndex(of: "unit")
        dateColumn = columns.firstIndex(of: "date")
        channelColumn = columns.firstIndex(of: "channel")
        idColumn = columns.firstIndex(of: "id")
    }

    public var file: String { table.file }
    public var fractionRead: Double { table.fractionRead }
    public func close() { table.close() }

    public func next() throws -> QuestionnaireRow? {
        guard let line = try table.nextCells(into: &cells) else { return nil }
        let count = columns.count
        // Cells beyond the header belong to no column and would be dropped unseen.
        if cells.count > count, (count..<cells.count).contains(where: { !cells.isEmpty($0) }) {
            throw FileProblems([
                FileProblem(
                    file: table.file, line: line, column: table.columnLabel(count, name: ""),
                    message: "this row has more cells than the header has columns (\(count)); expected one cell per column of the header")
            ])
        }
        func value(_ i: Int?) -> String { i.map { $0 < cells.count ? cells.string($0) : "" } ?? "" }
        return QuestionnaireRow(
            line: line, unit: value(unitColumn), date: value(dateColumn), channel: value(channelColumn),
            clientID: idColumn.map { value($0) }, cells: cells, columns: answerColumns)
    }
}
