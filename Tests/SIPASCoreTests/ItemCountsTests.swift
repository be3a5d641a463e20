import Testing

@testable import SIPASCore

/// Cells keep the meaning they had as nested dictionaries, whatever they are inside.
@Suite struct ItemCountsTests {
    @Test func countsAddUpAndReadBack() {
        var a = ItemCounts(["questionnaires": ["": 3], "1.1": ["4": 2, "na": 1]])
        let b = ItemCounts(["1.1": ["4": 5, "5": 1], "gender": ["female": 2]])
        #expect(a.questionnaires == 3 && a.count("1.1", "4") == 2 && a.count("1.1", "5") == 0 && a.count("nothing", "") == 0)
        let sum = a + b
        #expect(sum.counts == ["questionnaires": ["": 3], "1.1": ["4": 7, "na": 1, "5": 1], "gender": ["female": 2]])
        a.add(b)
        #expect(a == sum)
        a.add(item: "1.1", option: "4", -7)
        #expect(a.count("1.1", "4") == 0 && a.counts["1.1"]?["4"] == 0)
        #expect(ItemCounts.questionnairesSlot == ItemCounts.slot("questionnaires", ""))
        #expect(sum.count(ItemCounts.slot("1.1", "4")) == 7)
    }

    /// A pair added with 0 is present, as an entry of 0 in a dictionary was.
    @Test func aZeroCountIsPresent() {
        #expect(ItemCounts().isEmpty && ItemCounts([:]).isEmpty)
        var zero = ItemCounts()
        zero.add(item: "1.1", option: "3", 0)
        #expect(!zero.isEmpty && zero.counts == ["1.1": ["3": 0]])
        #expect(zero != ItemCounts())
        #expect(zero == ItemCounts(["1.1": ["3": 0]]))
        #expect(ItemCounts(["questionnaires": ["": 0]]) != ItemCounts(["questionnaires": ["": 0], "x": ["y": 0]]))
    }

    /// Equal whatever order the pairs were first seen in, and however long the cells are inside.
    @Test func equalityIgnoresHowCellsWereMade() {
        // A pair registered late has a high slot: cells with and without it must still compare right.
        let late = "late-\(Int.random(in: 0...1_000_000))"
        var a = ItemCounts(["1.1": ["4": 1]])
        var b = ItemCounts(["1.1": ["4": 1]])
        #expect(a == b)
        a.add(item: late, option: "x", 2)
        #expect(a != b && b != a)
        b.add(ItemCounts([late: ["x": 2]]))
        #expect(a == b)
        a.add(item: late, option: "x", -2)
        #expect(a != ItemCounts(["1.1": ["4": 1]]) && a == ItemCounts(["1.1": ["4": 1], late: ["x": 0]]))
        #expect(ItemCounts([late: ["x": 0]]) != ItemCounts())
        #expect(ItemCounts() != ItemCounts([late: ["x": 0]]))
    }
}
