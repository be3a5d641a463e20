/// The counts of one cell of a report (a unit or an area, in a period): for each item, how
/// many answers chose each option; item `questionnaires`, option "" is the number of
/// questionnaires. Cells add up: an area or a quarter is the sum of its parts.
public struct ItemCounts: Sendable, Equatable {
    public private(set) var counts: [String: [String: Int]]

    public init(_ counts: [String: [String: Int]] = [:]) {
        self.counts = counts
    }

    public var questionnaires: Int { counts[TallyEntry.questionnairesItem]?[""] ?? 0 }

    public func count(_ item: String, _ option: String) -> Int { counts[item]?[option] ?? 0 }

    public mutating func add(item: String, option: String, _ n: Int) {
        counts[item, default: [:]][option, default: 0] += n
    }

    public mutating func add(_ other: ItemCounts) {
        for (item, options) in other.counts {
            for (option, n) in options { add(item: item, option: option, n) }
        }
    }

    public static func + (a: ItemCounts, b: ItemCounts) -> ItemCounts {
        var sum = a
        sum.add(b)
        return sum
    }

    public var isEmpty: Bool { counts.isEmpty }
}
