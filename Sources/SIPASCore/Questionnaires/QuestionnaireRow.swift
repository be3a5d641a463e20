import Foundation

/// One questionnaire row of a file as written, before validation.
public struct QuestionnaireRow: Sendable {
    public var line: Int
    public var unit: String
    public var date: String
    public var channel: String
    /// The client's own id for this questionnaire (kiosks, portals): a retry never counts twice.
    public var clientID: String?
    /// Answers by item code, as text ("" = no answer).
    ///
    /// A row read from a file keeps its answers as the file's cells (``answerCells``) and makes
    /// this dictionary only when asked; setting it replaces the cells.
    public var answers: [String: String] {
        get { answerCells?.answers ?? storedAnswers }
        set {
            storedAnswers = newValue
            answerCells = nil
        }
    }
    private var storedAnswers: [String: String]
    /// The answers as a file has them: one cell per column, with the item code of each column.
    /// Set by file readers; ``QuestionnaireValidator`` reads the cells directly.
    public private(set) var answerCells: AnswerCells?

    public init(line: Int, unit: String, date: String, channel: String, clientID: String? = nil, answers: [String: String]) {
        self.line = line
        self.unit = unit
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.storedAnswers = answers
        self.answerCells = nil
    }

    /// A row whose answers are the cells of a file row: `cells[i]` answers item
    /// `columns.codes[i]` (nil: not an item column); a missing or empty cell is no answer.
    public init(line: Int, unit: String, date: String, channel: String, clientID: String? = nil, cells: RowCells, columns: AnswerColumns) {
        self.line = line
        self.unit = unit
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.storedAnswers = [:]
        self.answerCells = AnswerCells(columns: columns, cells: cells)
    }
}
