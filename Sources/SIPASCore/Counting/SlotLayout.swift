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
            rows[
                VectorKey(unitID: key.unitID, period: key.period, channel: key.channel), default: [Int64](repeating: 0, count: layout.count)
            ][slot] += Int64(n)
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
            CountVector(
                unitID: key.unitID, period: .month(key.monthIndex / 12, key.monthIndex % 12 + 1),
                channel: channels[key.channel].rawValue, counts: row.map(Int64.init))
        }
        .sorted { ($0.unitID, $0.period, $0.channel) < ($1.unitID, $1.period, $1.channel) }
    }
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
