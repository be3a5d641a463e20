/// Column letters and A1-style cell references.
enum CellReference {
    /// The largest column index a sheet can have (XFD).
    static let maxColumnIndex = 16_383
    /// The largest row number a sheet can have.
    static let maxRowNumber = 1_048_576

    /// 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD". Negative indices give "".
    static func columnName(_ index: Int) -> String {
        guard index >= 0 else { return "" }
        var n = index + 1
        var letters: [UInt8] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(UInt8(65 + remainder))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// "B3" → (column: 1, row: 3); "$B$3" works too. A reference with letters only gives row nil.
    /// Returns nil when the text is not a reference or lies beyond column XFD.
    static func parse(_ reference: String) -> (column: Int, row: Int?)? {
        var column = 0
        var row = 0
        var letterCount = 0
        var digitCount = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digitCount == 0 else { return nil }
                letterCount += 1
                guard letterCount <= 3 else { return nil }
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letterCount > 0 else { return nil }
                digitCount += 1
                guard digitCount <= 7 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
        }
        guard letterCount > 0, column - 1 <= maxColumnIndex else { return nil }
        return (column - 1, digitCount > 0 ? row : nil)
    }
}
