/// Continues the trends of an earlier survey: this survey's codes -> the earlier survey's codes.
public struct SeriesMapping: Codable, Sendable, Equatable {
    public var survey: String
    public var elements: [String: String]
    public var items: [String: String]

    public init(survey: String, elements: [String: String] = [:], items: [String: String] = [:]) {
        self.survey = survey
        self.elements = elements
        self.items = items
    }
}
