import Foundation

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
