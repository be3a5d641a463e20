import Foundation

/// The channels through which a questionnaire arrives.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case paper, kiosk, web, phone, post
}

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

/// The item code of each column of a questionnaire file, shared by all its rows.
public final class AnswerColumns: Sendable {
    /// The item code of each column; nil for the other columns (unit, date, …).
    public let codes: [String?]
    /// True when an item code heads more than one column.
    public let hasRepeatedCode: Bool

    public init(codes: [String?]) {
        self.codes = codes
        let itemCodes = codes.compactMap { $0 }
        hasRepeatedCode = Set(itemCodes).count != itemCodes.count
    }
}

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

/// Something that yields questionnaire rows one at a time (a CSV or XLSX file being read).
public protocol QuestionnaireSource {
    mutating func next() throws -> QuestionnaireRow?
}

/// A questionnaire that passed validation, ready to store: its answers coded in the order
/// of `Survey.allItems` (see `AnswerCodec`).
public struct Questionnaire: Sendable, Equatable {
    public var unitID: Int
    public var date: CalendarDate
    public var channel: Channel
    public var clientID: String?
    public var answers: [Int16]
    /// Free-text profile answers (profile items without options).
    public var profile: [String: String]

    public init(unitID: Int, date: CalendarDate, channel: Channel, clientID: String?, answers: [Int16], profile: [String: String]) {
        self.unitID = unitID
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.answers = answers
        self.profile = profile
    }
}

/// Codes answers compactly: 0 = no answer; a satisfaction level as itself (1…5); a chosen
/// option as its position + 1; several chosen options as a bit mask (bit i = option i).
public struct AnswerCodec: Sendable {
    public let items: [SurveyItem]

    public init(survey: Survey) {
        items = survey.allItems
    }

    /// The options an answer counts towards ("na" when there is none), for the aggregate.
    public func options(of code: Int16, item: SurveyItem) -> [String] {
        if code == 0 { return item.kind == .profile && item.options.isEmpty ? [] : [SatisfactionScale.noAnswer] }
        switch item.kind {
        case .satisfaction:
            return [String(code)]
        case .multipleChoice:
            return item.options.indices.filter { code & (1 << $0) != 0 }.map { item.options[$0].code }
        case .yesNo, .singleChoice, .profile:
            let i = Int(code) - 1
            return item.options.indices.contains(i) ? [item.options[i].code] : []
        }
    }
}
