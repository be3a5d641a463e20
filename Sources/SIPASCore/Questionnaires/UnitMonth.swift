/// A unit code made of ASCII digits, with a month: a small key for remembering which unit
/// version a code names on each day of that month.
struct UnitMonth: Hashable, Sendable {
    /// The digits' value and their number (so "07" and "7" differ).
    let code: Int
    let month: Int

    /// Nil unless `text` is 1 to 17 ASCII digits.
    init?(_ text: String, _ date: CalendarDate) {
        var value = 0
        var length = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), length < 17 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            length += 1
        }
        guard length > 0 else { return nil }
        code = value << 5 | length
        month = date.year * 12 + date.month - 1
    }

    /// Marks a day not looked up yet.
    static let unknown = Int.min
    /// A month of days, none looked up yet.
    static let emptyMonth = [Int](repeating: unknown, count: 31)
}
