import SIPASTestSupport
import Testing

@testable import SIPASCore

/// A small synthetic history, checked by hand:
/// - A (1) merges into B on 2025-01-01;
/// - B keeps its code on 2025-01-01 (old 2, new 3: a new parent, no change row), then merges
///   into N1 on 2025-07-01 — so A goes through two reorganisations;
/// - G (11) is renamed to H (12) on 2025-01-01;
/// - C (4) splits on 2025-07-01 into N1 (default) and N2, without shares;
/// - D (5) splits on 2025-07-01 into N2 (share 0.6) and N3 (share 0.4);
/// - E (6) ends on 2025-06-30 with no successor (like 18448 Bình Lộc);
/// - F (10) never changes.
@Suite struct BoundaryMapperTests {
    static func d(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static func version(_ id: Int, _ code: String, _ from: String, _ to: String?) -> UnitVersion {
        UnitVersion(
            id: id, unit: AdminUnit(code: code, parentCode: nil, level: .commune, type: "commune", name: "Xã \(code)"),
            validFrom: d(from), validTo: to.map(d))
    }

    static let versions = [
        version(1, "A", "2020-01-01", "2024-12-31"),
        version(2, "B", "2020-01-01", "2024-12-31"),
        version(3, "B", "2025-01-01", "2025-06-30"),
        version(4, "C", "2020-01-01", "2025-06-30"),
        version(5, "D", "2020-01-01", "2025-06-30"),
        version(6, "E", "2020-01-01", "2025-06-30"),
        version(7, "N1", "2025-07-01", nil),
        version(8, "N2", "2025-07-01", nil),
        version(9, "N3", "2025-07-01", nil),
        version(10, "F", "2020-01-01", nil),
        version(11, "G", "2020-01-01", "2024-12-31"),
        version(12, "H", "2025-01-01", nil),
    ]

    static func change(_ old: String, _ new: String, _ kind: UnitChangeKind, isDefault: Bool = false, share: Double? = nil) -> UnitChange {
        UnitChange(oldCode: old, newCode: new, kind: kind, isDefault: isDefault, share: share, note: "")
    }

    static let changes: [(effective: CalendarDate, change: UnitChange)] = [
        (d("2025-01-01"), change("A", "B", .merge)),
        (d("2025-01-01"), change("G", "H", .rename)),
        (d("2025-07-01"), change("B", "N1", .merge)),
        (d("2025-07-01"), change("C", "N1", .split, isDefault: true)),
        (d("2025-07-01"), change("C", "N1", .split, isDefault: true)),  // repeated, as in the real succession list
        (d("2025-07-01"), change("C", "N2", .split)),
        (d("2025-07-01"), change("D", "N2", .split, share: 0.6)),
        (d("2025-07-01"), change("D", "N3", .split, share: 0.4)),
    ]

    static let counts: [Int: ItemCounts] = [
        1: ItemCounts(["questionnaires": ["": 10], "1.1": ["4": 10]]),
        2: ItemCounts(["questionnaires": ["": 7], "1.1": ["5": 7]]),
        3: ItemCounts(["questionnaires": ["": 4], "1.1": ["4": 4]]),
        4: ItemCounts(["questionnaires": ["": 6], "1.1": ["3": 6]]),
        5: ItemCounts(["questionnaires": ["": 5], "1.1": ["4": 5, "5": 3]]),
        6: ItemCounts(["questionnaires": ["": 9], "1.1": ["1": 9]]),
        10: ItemCounts(["questionnaires": ["": 2]]),
        11: ItemCounts(["questionnaires": ["": 1]]),
    ]

    static func total(_ cells: some Sequence<ItemCounts>) -> ItemCounts { cells.reduce(ItemCounts(), +) }

    @Test func toTheStructureOfJuly2025() {
        let (mapped, unmapped) = BoundaryMapper.map(Self.counts, versions: Self.versions, changes: Self.changes, to: Self.d("2025-07-01"))
        #expect(Set(mapped.keys) == [7, 8, 9, 10, 12])
        // N1 = A (via B, two steps) 10 + old B 7 + B 4 + C (default successor) 6.
        #expect(mapped[7] == ItemCounts(["questionnaires": ["": 27], "1.1": ["4": 14, "5": 7, "3": 6]]))
        // D by shares 0.6 / 0.4: 5 questionnaires → 3 / 2; 1.1 divided as 3 : 2 — level 4 (5) → 3 / 2,
        // level 5 (3) → 1.8 / 1.2 → 2 / 1 (the largest remainder). D's cell has more answers than
        // questionnaires, so the parts do too: the split keeps the data as they came.
        #expect(mapped[8] == ItemCounts(["questionnaires": ["": 3], "1.1": ["4": 3, "5": 2]]))
        #expect(mapped[9] == ItemCounts(["questionnaires": ["": 2], "1.1": ["4": 2, "5": 1]]))
        #expect(mapped[10] == Self.counts[10])  // valid on the date: itself
        #expect(mapped[12] == Self.counts[11])  // rename G → H
        #expect(unmapped.map(\.id) == [6])  // E has no way forward: reported, not dropped
        // Nothing lost: mapped + unmapped = everything.
        #expect(Self.total(mapped.values) + Self.counts[6]! == Self.total(Self.counts.values))
    }

    @Test func toADateBetweenTheReorganisations() {
        let (mapped, unmapped) = BoundaryMapper.map(Self.counts, versions: Self.versions, changes: Self.changes, to: Self.d("2025-03-15"))
        // A → B (version 3) and old B → B (same code, next day); C, D, E are still valid.
        #expect(mapped[3] == ItemCounts(["questionnaires": ["": 21], "1.1": ["4": 14, "5": 7]]))
        #expect(mapped[4] == Self.counts[4] && mapped[5] == Self.counts[5] && mapped[6] == Self.counts[6])
        #expect(mapped[1] == nil && mapped[2] == nil && unmapped.isEmpty)
    }

    @Test func whatCannotBeMapped() {
        var changes = Self.changes
        changes.removeAll { $0.change.oldCode == "C" }
        // A split with neither default nor shares on every row.
        changes.append((Self.d("2025-07-01"), Self.change("C", "N1", .split)))
        changes.append((Self.d("2025-07-01"), Self.change("C", "N2", .split, share: 0.5)))
        // A successor code with no version valid on the effective date.
        changes.append((Self.d("2025-07-01"), Self.change("E", "ZZ", .merge)))
        let counts: [Int: ItemCounts] = [4: Self.counts[4]!, 6: Self.counts[6]!, 7: Self.counts[4]!, 99: Self.counts[10]!]
        let (mapped, unmapped) = BoundaryMapper.map(counts, versions: Self.versions, changes: changes, to: Self.d("2025-07-01"))
        #expect(unmapped.map(\.id) == [4, 6])
        #expect(mapped[7] == Self.counts[4])
        // An id that is not a known version passes through unchanged rather than vanishing.
        #expect(mapped[99] == Self.counts[10])
        // A version that starts after the date cannot be carried backwards.
        let back = BoundaryMapper.map([7: Self.counts[4]!], versions: Self.versions, changes: Self.changes, to: Self.d("2024-06-01"))
        #expect(back.unmapped.map(\.id) == [7] && back.counts.isEmpty)
    }

    @Test func largestRemainderKeepsTotals() {
        #expect(BoundaryMapper.apportion(5, shares: [0.6, 0.4]) == [3, 2])
        #expect(BoundaryMapper.apportion(3, shares: [0.6, 0.4]) == [2, 1])
        #expect(BoundaryMapper.apportion(1, shares: [0.5, 0.5]) == [1, 0])  // a tie goes to the first row
        #expect(BoundaryMapper.apportion(10, shares: [1, 1, 1]) == [4, 3, 3])  // shares need not add up to 1
        #expect(BoundaryMapper.apportion(0, shares: [0.6, 0.4]) == [0, 0])
        for n in 0...200 {
            let parts = BoundaryMapper.apportion(n, shares: [0.37, 0.21, 0.42])
            #expect(parts.reduce(0, +) == n && parts.allSatisfy { $0 >= 0 })
        }
    }

    /// A split by shares apportions whole questionnaires and every item with them: 7
    /// questionnaires answering 1.1 once each, halves → 4 / 3 questionnaires. Option by option,
    /// each single answer (1, 2, 3, 5, na) would go to the first part by the tie rule, giving
    /// it 6 answers to 1.1 for 4 questionnaires; divided as a table it gets exactly 4.
    @Test func aSplitKeepsEveryItemWithinItsQuestionnaires() {
        let cell = ItemCounts(["questionnaires": ["": 7], "1.1": ["1": 1, "2": 1, "3": 1, "4": 2, "5": 1, "na": 1]])
        let parts = BoundaryMapper.divide(cell, shares: [0.5, 0.5])
        #expect(parts.map(\.questionnaires) == [4, 3])
        #expect(parts.map { $0.counts["1.1"]!.values.reduce(0, +) } == [4, 3])
        #expect(parts[0] + parts[1] == cell)
        // Option 4 (quota 8/7 and 6/7) splits 1 / 1; the single answers go where room is left.
        #expect(parts[0].count("1.1", "4") == 1 && parts[1].count("1.1", "4") == 1)
    }

    /// The invariant on random cells: totals kept per item and option, every part's answers to
    /// an item within its questionnaires (each questionnaire answers an item at most once, as
    /// single-answer items do), and every count its exact quota rounded down or up.
    @Test func splitInvariantOnRandomCells() {
        var generator = SeededGenerator(state: 2025_07_01)
        for _ in 0..<2000 {
            let questionnaires = generator.int(in: 1...60)
            var cell = ItemCounts(["questionnaires": ["": questionnaires]])
            for item in ["1.1", "1.2", "obs"] {
                var left = questionnaires
                for option in ["1", "2", "3", "4", "5", "na"] where left > 0 {
                    let n = generator.int(in: 0...left)
                    if n > 0 { cell.add(item: item, option: option, n) }
                    left -= n
                }
            }
            let shares = (0..<generator.int(in: 2...4)).map { _ in generator.double(in: 0.05..<1) }
            let parts = BoundaryMapper.divide(cell, shares: shares)
            #expect(parts.reduce(ItemCounts(), +) == cell)
            let q = parts.map(\.questionnaires)
            #expect(q == BoundaryMapper.apportion(questionnaires, shares: shares))
            for (item, options) in cell.counts where item != "questionnaires" {
                for (i, part) in parts.enumerated() {
                    let answers = options.keys.reduce(0) { $0 + part.count(item, $1) }
                    #expect(answers <= q[i], "part \(i) has \(answers) answers to \(item) for \(q[i]) questionnaires")
                    for (option, n) in options where questionnaires > 0 {
                        let quota = Double(n) * Double(q[i]) / Double(questionnaires)
                        let got = Double(part.count(item, option))
                        #expect(got >= quota.rounded(.down) && got <= quota.rounded(.up))
                    }
                }
            }
        }
    }

    @Test func nextDay() {
        #expect(Self.d("2024-12-31").nextDay == Self.d("2025-01-01"))
        #expect(Self.d("2024-02-28").nextDay == Self.d("2024-02-29"))
        #expect(Self.d("2025-06-30").nextDay == Self.d("2025-07-01"))
    }
}
