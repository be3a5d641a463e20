/// A survey definition: one version of a questionnaire, with the rules that turn its answers
/// into indices. Loaded from `Surveys/*.yaml`, stored as JSON in the database, immutable once
/// data refer to it.
public struct Survey: Codable, Sendable, Equatable {
    public var code: String
    public var version: Int
    public var title: LocalizedText
    public var source: String
    public var note: String?
    public var index: IndexSettings
    public var parts: [SurveyPart]
    public var elements: [SurveyElement]
    /// Items that are not satisfaction criteria of an element: observations, expectations,
    /// profile fields, a direct "overall satisfaction" question.
    public var items: [SurveyItem]
    public var series: SeriesMapping?

    public init(
        code: String, version: Int, title: LocalizedText, source: String, note: String? = nil,
        index: IndexSettings = IndexSettings(), parts: [SurveyPart] = [],
        elements: [SurveyElement], items: [SurveyItem] = [], series: SeriesMapping? = nil
    ) {
        self.code = code
        self.version = version
        self.title = title
        self.source = source
        self.note = note
        self.index = index
        self.parts = parts
        self.elements = elements
        self.items = items
        self.series = series
    }

    /// Every item in a fixed order: the criteria of each element, then the other items.
    /// Questionnaire answers are stored in this order.
    public var allItems: [SurveyItem] { elements.flatMap(\.items) + items }

    /// The satisfaction criteria of all elements, in order.
    public var criteria: [SurveyItem] { elements.flatMap(\.items) }

    public func item(code: String) -> SurveyItem? { allItems.first { $0.code == code } }

    public func element(code: String) -> SurveyElement? { elements.first { $0.code == code } }
}
