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

/// Text in Vietnamese (required) and English.
public struct LocalizedText: Codable, Sendable, Equatable, Hashable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .vi: return vi
        case .en: return en.isEmpty ? vi : en
        }
    }
}

public enum Language: String, Codable, Sendable, CaseIterable {
    case vi, en
}

/// A part of the overall index (sipas-2023: public policy and service delivery).
public struct SurveyPart: Codable, Sendable, Equatable {
    public var code: String
    public var title: LocalizedText

    public init(code: String, title: LocalizedText) {
        self.code = code
        self.title = title
    }
}

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

public enum ItemKind: String, Codable, Sendable, CaseIterable {
    case satisfaction
    case yesNo = "yes_no"
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case profile
}

public enum ItemGroup: String, Codable, Sendable, CaseIterable {
    case criterion, observation, expectation, profile, overall, other
}

/// One answer option of an item.
public struct ItemOption: Codable, Sendable, Equatable {
    public var code: String
    public var label: LocalizedText

    public init(code: String, label: LocalizedText) {
        self.code = code
        self.label = label
    }
}

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

/// The five levels of satisfaction, plus "no answer" (excluded from the base).
public enum SatisfactionScale {
    public static let levels = 1...5
    public static let noAnswer = "na"
    public static let optionCodes = ["1", "2", "3", "4", "5", noAnswer]
    public static let labels: [String: LocalizedText] = [
        "1": LocalizedText(vi: "Rất không hài lòng", en: "Very dissatisfied"),
        "2": LocalizedText(vi: "Không hài lòng", en: "Dissatisfied"),
        "3": LocalizedText(vi: "Bình thường", en: "Neutral"),
        "4": LocalizedText(vi: "Hài lòng", en: "Satisfied"),
        "5": LocalizedText(vi: "Rất hài lòng", en: "Very satisfied"),
        noAnswer: LocalizedText(vi: "Không trả lời", en: "No answer"),
    ]
}

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
