import NIOCore
import Testing

@testable import SIPASStore

/// `CopyText` writes numbers without making strings: the bytes must be those of `String(_:)`.
@Suite struct CopyTextTests {
    static func written(_ fill: (inout CopyText) -> Void) -> String {
        var copy = CopyText(capacity: 16)
        fill(&copy)
        var buffer = copy.take()
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    @Test func integersAreWrittenAsStringWritesThem() {
        var values: [Int] = [0, 1, 9, 10, 11, 99, 100, 12345, -1, -9, -10, -12345, Int.max, Int.min, Int.max - 1, Int.min + 1]
        for power in 0..<19 {
            let p = Int(Self.pow10(power))
            values += [p - 1, p, p + 1, -p, -p + 1, -p - 1]
        }
        for value in values {
            #expect(Self.written { $0.int(value) } == String(value))
        }
    }

    @Test func integerArraysAreWrittenAsBefore() {
        let arrays: [[Int16]] = [[], [0], [1, 0, 5], [Int16.max, Int16.min, -1, 10, 511, 0], Array(repeating: -32768, count: 40)]
        for values in arrays {
            let expected = "{" + values.map { String($0) }.joined(separator: ",") + "}"
            #expect(Self.written { $0.integerArray(values) } == expected)
        }
        // Count vectors are bigint[].
        let counts: [[Int64]] = [[0], [1_000_000, 0, 3], [Int64.max, Int64.min, 0], Array(repeating: Int64.min, count: 200)]
        for values in counts {
            let expected = "{" + values.map { String($0) }.joined(separator: ",") + "}"
            #expect(Self.written { $0.integerArray(values) } == expected)
        }
    }

    @Test func textIsEscapedAsBefore() {
        #expect(Self.written { $0.text(nil) } == "\\N")
        #expect(Self.written { $0.text("") } == "")
        #expect(Self.written { $0.text("Xã Thạch Hà") } == "Xã Thạch Hà")
        #expect(Self.written { $0.text("a\\b\tc\nd\re") } == "a\\\\b\\tc\\nd\\re")
        #expect(Self.written { $0.text(String(repeating: "dài ", count: 100) + "\t") } == String(repeating: "dài ", count: 100) + "\\t")
    }

    static func pow10(_ n: Int) -> Int64 { (0..<n).reduce(Int64(1)) { r, _ in r * 10 } }
}
