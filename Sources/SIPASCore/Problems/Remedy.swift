/// What the person importing can ask for differently to get past a problem. The lower layers
/// name it with its facts; each front end words it its own way (the CLI with its flags, the
/// API with its parameters, the web pages in Vietnamese), so that no layer below speaks for
/// one front end.
public enum Remedy: Sendable, Equatable {
    /// The file's bytes do not fit the encoding they were read in: name another one, e.g. this.
    case nameEncoding(String)
    /// The file names another survey than the import: import it under the same survey.
    case sameSurvey(imported: String)
    /// A unit list overlaps the start of a version already stored: import it valid from a
    /// later date, or fix the earlier import.
    case laterValidFrom
    /// A unit change names a unit not yet stored: import the structure valid from this date first.
    case importStructure(validFrom: CalendarDate)
    /// Data for these units and periods already exist: import again replacing them (the
    /// earlier uploads stay, superseded).
    case replace
}

/// How a front end says a remedy: as the end of a sentence that states the problem, except
/// `.replace`, which follows a list of conflicts as a sentence of its own.
public protocol RemedyWording: Sendable {
    func text(_ remedy: Remedy) -> String
}

/// The wording of the logs and of callers that name no front end: the facts, no flag names.
public struct PlainRemedyWording: RemedyWording {
    public init() {}

    public func text(_ remedy: Remedy) -> String {
        switch remedy {
        case let .nameEncoding(example): "if it was saved in another encoding, name it, e.g. \(example)"
        case let .sameSurvey(imported): "the import names survey \(imported); expected the same survey"
        case .laterValidFrom: "import this list valid from a later date or fix the earlier import"
        case let .importStructure(validFrom): "import the new structure valid from \(validFrom) first"
        case .replace: "To correct them, import again replacing them: the earlier uploads stay, marked superseded, out of every analysis."
        }
    }
}
