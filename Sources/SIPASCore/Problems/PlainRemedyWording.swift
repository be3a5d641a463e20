/// The wording of the logs and of callers that name no front end: the facts, no flag names.
public struct PlainRemedyWording: RemedyWording {
    public init() {}

    public func text(_ remedy: Remedy) -> String {
        switch remedy {
        case .nameEncoding(let example): "if it was saved in another encoding, name it, e.g. \(example)"
        case .sameSurvey(let imported): "the import names survey \(imported); expected the same survey"
        case .laterValidFrom: "import this list valid from a later date or fix the earlier import"
        case .importStructure(let validFrom): "import the new structure valid from \(validFrom) first"
        case .replace: "To correct them, import again replacing them: the earlier uploads stay, marked superseded, out of every analysis."
        }
    }
}
