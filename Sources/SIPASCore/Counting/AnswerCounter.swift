import Foundation

/// Counts stored questionnaires (answers coded by `AnswerCodec`) into vectors of a slot layout:
/// the way single submissions are added up after they were stored. Counts exactly what the
/// `QuestionnaireValidator` counts for the same questionnaire (tested).
public struct AnswerCounter: Sendable {
    private let codec: AnswerCodec
    /// For each item, the slot of each option code an answer to it can count towards.
    private let slots: [[String: Int]]
    private let width: Int

    public init(survey: Survey, layout: SlotLayout) throws {
        codec = AnswerCodec(survey: survey)
        width = layout.count
        // The options each item can count towards, as the validator counts them, placed in
        // the stored layout.
        slots = try zip(codec.items, CountSlots(codec: codec).slotsByItem).map { item, options in
            try options.keys.reduce(into: [String: Int]()) { byOption, option in
                guard let slot = layout.slot(item: item.code, option: option) else {
                    throw CountWithoutSlot(item: item.code, option: option)
                }
                byOption[option] = slot
            }
        }
    }

    /// A vector of zeros as long as the layout.
    public var zero: [Int64] { [Int64](repeating: 0, count: width) }

    /// Adds one questionnaire: slot 0, and one for each option its answers count towards.
    public func add(_ answers: [Int16], into vector: inout [Int64]) {
        vector[0] += 1
        for (index, item) in codec.items.enumerated() {
            let code = index < answers.count ? answers[index] : 0
            for option in codec.options(of: code, item: item) {
                if let slot = slots[index][option] { vector[slot] += 1 }
            }
        }
    }
}
