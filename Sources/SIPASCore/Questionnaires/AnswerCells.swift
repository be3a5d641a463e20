import Foundation

/// A row's answers as cells of a file, with the columns' item codes.
public struct AnswerCells: Sendable {
    public let columns: AnswerColumns
    public let cells: RowCells

    /// The answers by item code: every non-empty cell of an item column (of a code heading
    /// several columns, the last non-empty one).
    public var answers: [String: String] {
        var answers: [String: String] = [:]
        answers.reserveCapacity(columns.codes.count)
        for (index, code) in columns.codes.enumerated() {
            guard let code, index < cells.count else { continue }
            let value = cells.string(index)
            if !value.isEmpty { answers[code] = value }
        }
        return answers
    }
}
