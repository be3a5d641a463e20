/// Continues the trends of an earlier survey: this survey's codes -> the earlier survey's codes.
public struct SeriesMapping: Codable, Sendable, Equatable {
    public var survey: String
    /// The earlier survey's version; nil: its latest stored version. Needed when the earlier
    /// survey is an earlier version of this one (same code, new wording).
    public var version: Int?
    public var elements: [String: String]
    public var items: [String: String]

    public init(survey: String, version: Int? = nil, elements: [String: String] = [:], items: [String: String] = [:]) {
        self.survey = survey
        self.version = version
        self.elements = elements
        self.items = items
    }

    /// This mapping followed by the earlier survey's own `next` mapping: this survey's codes
    /// -> the codes of the survey `next` names. A code whose earlier code `next` does not map
    /// is left out, so that it is reported as having no counterpart.
    public func then(_ next: SeriesMapping) -> SeriesMapping {
        SeriesMapping(
            survey: next.survey, version: next.version,
            elements: elements.compactMapValues { next.elements[$0] },
            items: items.compactMapValues { next.items[$0] })
    }
}
