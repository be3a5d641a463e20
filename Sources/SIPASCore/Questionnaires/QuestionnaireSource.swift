import Foundation

/// Something that yields questionnaire rows one at a time (a CSV or XLSX file being read).
public protocol QuestionnaireSource {
    mutating func next() throws -> QuestionnaireRow?
}
