import Foundation

/// Which (item, option) each slot of a stored count vector counts: slot 0 is the number of
/// questionnaires (`questionnaires`, ""), then item by item the options an answer can count
/// towards, as `CountSlots` orders them. The database keeps each survey's layout
/// (`count_slots`); vectors are written and read against the stored layout.
public struct SlotLayout: Sendable, Equatable {
    public let items: [String]
    public let options: [String]
    private let index: [String: [String: Int]]
    /// Each slot's pair as `ItemCounts` numbers it, looked up once.
    private let cellSlots: [ItemCounts.Slot]

    public init(items: [String], options: [String]) {
        precondition(items.count == options.count, "a slot layout needs an option for each item")
        self.items = items
        self.options = options
        var index: [String: [String: Int]] = [:]
        for slot in items.indices where index[items[slot]]?[options[slot]] == nil {
            index[items[slot], default: [:]][options[slot]] = slot
        }
        self.index = index
        self.cellSlots = zip(items, options).map { ItemCounts.slot($0, $1) }
    }

    /// The layout sipas gives a survey version when it is stored.
    public init(survey: Survey) {
        let slots = CountSlots(codec: AnswerCodec(survey: survey))
        self.init(items: slots.items, options: slots.options)
    }

    public var count: Int { items.count }

    public func slot(item: String, option: String) -> Int? { index[item]?[option] }

    public static func == (a: SlotLayout, b: SlotLayout) -> Bool { a.items == b.items && a.options == b.options }

    /// A vector's counts as `ItemCounts`: the number of questionnaires always (so that a unit
    /// with a sheet of zeros is still there), the other slots when not zero.
    public func itemCounts(_ counts: [Int64]) -> ItemCounts {
        var result = ItemCounts()
        for slot in counts.indices where slot < items.count && (slot == 0 || counts[slot] != 0) {
            result.add(cellSlots[slot], Int(counts[slot]))
        }
        return result
    }
}

/// The counts of one unit version in one period through one channel ("" for tallies), in the
/// slots of a `SlotLayout`.
public struct CountVector: Sendable, Equatable {
    public var unitID: Int
    public var period: Period
    public var channel: String
    public var counts: [Int64]

    public init(unitID: Int, period: Period, channel: String, counts: [Int64]) {
        self.unitID = unitID
        self.period = period
        self.channel = channel
        self.counts = counts
    }
}

/// A count that has no slot in the survey's layout (the validators only accept items and
/// options of the survey, so this means the layout and the survey disagree).
public struct CountWithoutSlot: Error, CustomStringConvertible {
    public var item: String
    public var option: String
    public var description: String {
        "the count of \(item)/\(option.isEmpty ? "\"\"" : option) has no slot in the survey's stored count layout; nothing was written"
    }
}

extension CountCollection {
    /// The counts grouped into vectors, one per unit version, period and channel, ordered by
    /// unit, period and channel.
    public func vectors(in layout: SlotLayout) throws -> [CountVector] {
        try Self.vectors(of: countSequence(), in: layout)
    }

    static func vectors(of sequence: some Sequence<(key: CountKey, count: Int)>, in layout: SlotLayout) throws -> [CountVector] {
        var rows: [VectorKey: [Int64]] = [:]
        for (key, n) in sequence {
            guard let slot = layout.slot(item: key.item, option: key.option) else {
                throw CountWithoutSlot(item: key.item, option: key.option)
            }
            rows[VectorKey(unitID: key.unitID, period: key.period, channel: key.channel), default: [Int64](repeating: 0, count: layout.count)][slot] += Int64(n)
        }
        return rows.map { CountVector(unitID: $0.key.unitID, period: $0.key.period, channel: $0.key.channel, counts: $0.value) }
            .sorted { ($0.unitID, $0.period, $0.channel) < ($1.unitID, $1.period, $1.channel) }
    }
}

private struct VectorKey: Hashable {
    var unitID: Int
    var period: Period
    var channel: String
}

extension QuestionnaireValidator {
    /// The dense rows as they were counted when the stored layout is the validator's own
    /// (always, unless the layout was changed by hand); otherwise through the general path.
    public func vectors(in layout: SlotLayout) throws -> [CountVector] {
        guard layout.items == slots.items, layout.options == slots.options, extra.counts.isEmpty else {
            return try Self.vectors(of: countSequence(), in: layout)
        }
        let channels = Channel.allCases
        return dense.map { key, row in
            CountVector(unitID: key.unitID, period: .month(key.monthIndex / 12, key.monthIndex % 12 + 1),
                        channel: channels[key.channel].rawValue, counts: row.map(Int64.init))
        }
        .sorted { ($0.unitID, $0.period, $0.channel) < ($1.unitID, $1.period, $1.channel) }
    }
}

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

extension Array where Element == Int32 {
    /// One more in each slot (checked: a slot beyond the row traps, as a subscript would).
    mutating func add(ones slots: [Int]) {
        // Through one buffer, not `self[slot] += 1`: that checks the array's uniqueness on
        // every write (8 % of an import's CPU).
        withUnsafeMutableBufferPointer { row in
            for slot in slots {
                precondition(slot >= 0 && slot < row.count, "count slot out of range")
                row[slot] += 1
            }
        }
    }
}

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
                guard let slot = layout.slot(item: item.code, option: option) else { throw CountWithoutSlot(item: item.code, option: option) }
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
