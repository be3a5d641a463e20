import Foundation

/// The slots of a dense count row: slot 0 is the number of questionnaires; then, item by item,
/// every option an answer to it can count towards ("na" first, as `AnswerCodec.options` says).
struct CountSlots: Sendable {
    var items: [String] = [TallyEntry.questionnairesItem]
    var options: [String] = [""]
    private var index: [[String: Int]] = []

    init(codec: AnswerCodec) {
        for item in codec.items {
            var byOption: [String: Int] = [:]
            var possible: [String] = []
            if !(item.kind == .profile && item.options.isEmpty) { possible.append(SatisfactionScale.noAnswer) }
            switch item.kind {
            case .satisfaction: possible += SatisfactionScale.levels.map(String.init)
            default: possible += item.options.map(\.code)
            }
            for option in possible where byOption[option] == nil {
                byOption[option] = items.count
                items.append(item.code)
                options.append(option)
            }
            index.append(byOption)
        }
    }

    var count: Int { items.count }

    func slot(item: Int, option: String) -> Int? { index[item][option] }

    /// For each item (by position), the slot of each option an answer to it can count towards.
    var slotsByItem: [[String: Int]] { index }
}
