/// An element (yếu tố): a group of satisfaction criteria.
public struct SurveyElement: Codable, Sendable, Equatable {
    public var code: String
    public var part: String?
    public var title: LocalizedText
    public var items: [SurveyItem]

    public init(code: String, part: String? = nil, title: LocalizedText, items: [SurveyItem]) {
        self.code = code
        self.part = part
        self.title = title
        self.items = items
    }
}
