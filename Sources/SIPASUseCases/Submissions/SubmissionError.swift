/// Why a single questionnaire's JSON was refused before validation: the field that is wrong
/// and what was expected. (Its answers' problems are `FileProblems`, as for a file's rows.)
public enum SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON
    case notAnObject
    case unknownField(String, expected: [String])
    case missing(String)
    case notText(String)
    case badText(String, maxLength: Int)
    /// An answer that is neither an option code nor a list of them.
    case notAnAnswer(item: String)
    /// An answer to an item the survey does not have.
    case unknownItem(item: String, survey: String)

    /// The field of the body the problem is in (`answers.1.1` for an answer).
    public var field: String? {
        switch self {
        case .notJSON, .notAnObject: nil
        case let .unknownField(name, _), let .missing(name), let .notText(name), let .badText(name, _): name
        case let .notAnAnswer(item), let .unknownItem(item, _): "answers.\(item)"
        }
    }

    public var description: String {
        switch self {
        case .notJSON: "the body is not valid JSON"
        case .notAnObject: "the body must be a JSON object"
        case let .unknownField(name, expected): "unknown field \(name); expected only \(expected.joined(separator: ", "))"
        case .missing("answers"): "answers is required: an object of item code → option code, e.g. {\"1.1\": \"5\"}"
        case let .missing(name): "\(name) is required"
        case let .notText(name): "\(name) must be a string"
        case let .badText(name, max): "\(name) must be 1–\(max) characters without control characters"
        case let .notAnAnswer(item): "answers.\(item) must be an option code (a string or a whole number) or a list of option codes"
        case let .unknownItem(item, survey): "answers.\(item): the survey \(survey) has no item \(item)"
        }
    }
}
