import SIPASCore

/// Why a single questionnaire's JSON was refused before validation: the field that is wrong
/// and what was expected. (Its answers' problems are `FileProblems`, as for a file's rows.)
public enum SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON
    case notAnObject
    /// A batch (`SubmissionBatch`) that is not a JSON array.
    case notAnArray
    /// A batch of more questionnaires than `limit`.
    case tooManyItems(Int, limit: Int)
    case unknownField(String, expected: [String])
    case missing(String)
    case notText(String)
    case badText(String, maxLength: Int)
    /// An answer that is neither an option code nor a list of them.
    case notAnAnswer(item: String)
    /// An answer to an item the survey does not have.
    case unknownItem(item: String, survey: String)
    /// A date after `latest` (in the future) or before `earliest` (see `SubmissionWindow`).
    case dateOutsideWindow(CalendarDate, earliest: CalendarDate?, latest: CalendarDate, today: CalendarDate)

    /// The field of the body the problem is in (`answers.1.1` for an answer).
    public var field: String? {
        switch self {
        case .notJSON, .notAnObject, .notAnArray, .tooManyItems: nil
        case .unknownField(let name, _), .missing(let name), .notText(let name), .badText(let name, _): name
        case .notAnAnswer(let item), .unknownItem(let item, _): "answers.\(item)"
        case .dateOutsideWindow: "date"
        }
    }

    public var description: String {
        switch self {
        case .notJSON: "the body is not valid JSON"
        case .notAnObject: "the body must be a JSON object"
        case .notAnArray: "the batch must be a JSON array of questionnaires, or JSON lines"
        case .tooManyItems(let count, let limit): "a batch holds at most \(limit) questionnaires; this one has \(count)"
        case .unknownField(let name, let expected): "unknown field \(name); expected only \(expected.joined(separator: ", "))"
        case .missing("answers"): "answers is required: an object of item code → option code, e.g. {\"1.1\": \"5\"}"
        case .missing(let name): "\(name) is required"
        case .notText(let name): "\(name) must be a string"
        case .badText(let name, let max): "\(name) must be 1–\(max) characters without control characters"
        case .notAnAnswer(let item): "answers.\(item) must be an option code (a string or a whole number) or a list of option codes"
        case .unknownItem(let item, let survey): "answers.\(item): the survey \(survey) has no item \(item)"
        case .dateOutsideWindow(let date, _, let latest, let today) where date > latest:
            "date \(date) is in the future (today is \(today)); expected \(expectedDates)"
        case .dateOutsideWindow(let date, let earliest, _, _):
            "date \(date) is before \(earliest?.description ?? "the window"): single questionnaires of earlier months are no longer accepted (they may be imported as a file); expected \(expectedDates)"
        }
    }

    /// The dates a questionnaire may carry, for a date outside the window.
    public var expectedDates: String {
        guard case .dateOutsideWindow(_, let earliest, let latest, _) = self else { return "" }
        return earliest.map { "a date YYYY-MM-DD from \($0) to \(latest)" } ?? "a date YYYY-MM-DD up to \(latest)"
    }
}
