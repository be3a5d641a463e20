import Foundation

/// Codes answers compactly: 0 = no answer; a satisfaction level as itself (1…5); a chosen
/// option as its position + 1; several chosen options as a bit mask (bit i = option i).
public struct AnswerCodec: Sendable {
    public let items: [SurveyItem]

    public init(survey: Survey) {
        items = survey.allItems
    }

    /// The options an answer counts towards ("na" when there is none), for the aggregate.
    public func options(of code: Int16, item: SurveyItem) -> [String] {
        if code == 0 { return item.kind == .profile && item.options.isEmpty ? [] : [SatisfactionScale.noAnswer] }
        switch item.kind {
        case .satisfaction:
            return [String(code)]
        case .multipleChoice:
            return item.options.indices.filter { code & (1 << $0) != 0 }.map { item.options[$0].code }
        case .yesNo, .singleChoice, .profile:
            let i = Int(code) - 1
            return item.options.indices.contains(i) ? [item.options[i].code] : []
        }
    }
}
