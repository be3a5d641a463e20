import Foundation

/// The counts of one cell of a report (a unit or an area, in a period): for each item, how
/// many answers chose each option; item `questionnaires`, option "" is the number of
/// questionnaires. Cells add up: an area or a quarter is the sum of its parts.
///
/// Inside, every (item, option) pair has a number for the life of the process (its `Slot`,
/// handed out by a shared registry in the order pairs are first seen), and a cell is a
/// plain array of counts by slot with a bit per slot saying whether the pair is present.
/// Adding cells is then adding arrays — reports add up tens of thousands of them — and
/// code that reads the same pairs from many cells (`IndexCalculator`) looks each pair up
/// once. A pair added with a count of 0 is present, as it was when cells were dictionaries:
/// `counts`, `isEmpty` and `==` see it.
public struct ItemCounts: Sendable, Equatable {
    /// Counts by slot (0 where absent); may be shorter than the registry.
    private var values: [Int]
    /// Bit `slot % 64` of word `slot / 64` is set when the pair is present.
    private var present: [UInt64]

    /// An (item, option) pair's number: the index of its count in every cell.
    public struct Slot: Sendable, Hashable {
        public let index: Int
    }

    public init(_ counts: [String: [String: Int]] = [:]) {
        values = []
        present = []
        for (item, options) in counts {
            for (option, n) in options { add(Self.slot(item, option), n) }
        }
        // Items listed with no options are not kept, as before: only pairs are.
    }

    /// Every present pair, as item → option → count.
    public var counts: [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        let keys = SlotRegistry.shared.keys
        forEachPresent { slot, n in
            let key = keys[slot]
            result[key.item, default: [:]][key.option] = n
        }
        return result
    }

    public var questionnaires: Int { count(Self.questionnairesSlot) }

    public func count(_ item: String, _ option: String) -> Int {
        guard let slot = SlotRegistry.shared.existingSlot(item, option) else { return 0 }
        return count(slot)
    }

    public mutating func add(item: String, option: String, _ n: Int) {
        add(Self.slot(item, option), n)
    }

    public mutating func add(_ other: ItemCounts) {
        if other.values.count > values.count {
            values.append(contentsOf: repeatElement(0, count: other.values.count - values.count))
        }
        if other.present.count > present.count {
            present.append(contentsOf: repeatElement(0, count: other.present.count - present.count))
        }
        values.withUnsafeMutableBufferPointer { mine in
            other.values.withUnsafeBufferPointer { theirs in
                for i in 0..<theirs.count { mine[i] &+= theirs[i] }
            }
        }
        for i in 0..<other.present.count { present[i] |= other.present[i] }
    }

    public static func + (a: ItemCounts, b: ItemCounts) -> ItemCounts {
        var sum = a
        sum.add(b)
        return sum
    }

    public var isEmpty: Bool { !present.contains { $0 != 0 } }

    public static func == (a: ItemCounts, b: ItemCounts) -> Bool {
        // Arrays may differ in length: what lies beyond the shorter one must be absent (0).
        func same<T: FixedWidthInteger>(_ x: [T], _ y: [T]) -> Bool {
            let common = min(x.count, y.count)
            return x[..<common] == y[..<common] && !x[common...].contains { $0 != 0 } && !y[common...].contains { $0 != 0 }
        }
        return same(a.present, b.present) && same(a.values, b.values)
    }

    // MARK: slots

    /// The slot of a pair, registering it when it is new.
    public static func slot(_ item: String, _ option: String) -> Slot {
        SlotRegistry.shared.slot(item, option)
    }

    /// The slot of the number of questionnaires (item `questionnaires`, option "").
    public static let questionnairesSlot = slot(TallyEntry.questionnairesItem, "")

    /// The count of a pair by its slot (0 when absent).
    public func count(_ slot: Slot) -> Int {
        slot.index < values.count ? values[slot.index] : 0
    }

    /// Adds `n` to a pair by its slot (the pair becomes present, even with 0).
    public mutating func add(_ slot: Slot, _ n: Int) {
        let i = slot.index
        if i >= values.count { values.append(contentsOf: repeatElement(0, count: i + 1 - values.count)) }
        let word = i >> 6
        if word >= present.count { present.append(contentsOf: repeatElement(0, count: word + 1 - present.count)) }
        values[i] += n
        present[word] |= 1 << UInt64(i & 63)
    }

    /// Calls `body` with the slot index and count of every present pair, in slot order.
    private func forEachPresent(_ body: (Int, Int) -> Void) {
        for (w, bits) in present.enumerated() where bits != 0 {
            var bits = bits
            while bits != 0 {
                let slot = w << 6 + bits.trailingZeroBitCount
                body(slot, values[slot])
                bits &= bits - 1
            }
        }
    }
}

/// The process-wide numbering of (item, option) pairs. Pairs come from survey definitions,
/// so there are hundreds, not millions; a number once given is never taken back.
private final class SlotRegistry: @unchecked Sendable {
    static let shared = SlotRegistry()

    struct Key: Hashable {
        var item: String
        var option: String
    }

    private let lock = NSLock()
    // Guarded by `lock`.
    private var slots: [Key: Int] = [:]
    private var list: [Key] = []

    /// Every registered pair, by slot index (a snapshot).
    var keys: [Key] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }

    func existingSlot(_ item: String, _ option: String) -> ItemCounts.Slot? {
        let key = Key(item: item, option: option)
        lock.lock()
        defer { lock.unlock() }
        return slots[key].map(ItemCounts.Slot.init(index:))
    }

    func slot(_ item: String, _ option: String) -> ItemCounts.Slot {
        let key = Key(item: item, option: option)
        lock.lock()
        defer { lock.unlock() }
        if let index = slots[key] { return ItemCounts.Slot(index: index) }
        let index = list.count
        list.append(key)
        slots[key] = index
        return ItemCounts.Slot(index: index)
    }
}
