/// A question of the survey, referenced everywhere by its stable code.
public struct SurveyItem: Codable, Sendable, Equatable {
    public var code: String
    public var kind: ItemKind
    public var group: ItemGroup
    public var text: LocalizedText
    /// The options of choice and profile items; for yes/no items `yes` and `no`.
    /// Satisfaction items have the fixed levels of `SatisfactionScale` instead.
    public var options: [ItemOption]
    public var maxChoices: Int?

    public init(
        code: String, kind: ItemKind, group: ItemGroup, text: LocalizedText,
        options: [ItemOption] = [], maxChoices: Int? = nil
    ) {
        self.code = code
        self.kind = kind
        self.group = group
        self.text = text
        self.options = options
        self.maxChoices = maxChoices
    }

    enum CodingKeys: String, CodingKey {
        case code, kind, group, text, options
        case maxChoices = "max_choices"
    }

    /// The option codes accepted in tally and questionnaire files, in display order.
    public var optionCodes: [String] {
        kind == .satisfaction ? SatisfactionScale.optionCodes : options.map(\.code)
    }
}
