import Testing

@testable import SIPASCore

/// `CalendarDate` reads `dddd-dd-dd` from bytes and writes its description directly: both must
/// agree with the general code they shortcut.
@Suite struct CalendarDateParsingTests {
    /// The general parsing, as it was before the shortcut.
    static func reference(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    @Test func parsingMatchesTheGeneralCode() {
        var texts = [
            "2021-03-15", "2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2021-13-01",
            "2021-00-10", "2021-04-31", "2021-4-30", "2021-04-3", "21-04-30", "2021/04/30", "2021-04-30 ",
            " 2021-04-30", "2021--4-30", "-2021-04-3", "+021-04-30", "2021-+4-30", "２０２１-04-30", "2021-04-3０",
            "2021-04-30\u{301}", "abcd-ef-gh", "", "2021-04-300", "2021-04-3a", "٢٠٢١-٠١-٠١",
        ]
        // Every ten-character text over a small alphabet around a valid date.
        for index in 0..<10 {
            for character in ["0", "9", "-", "a", " ", "/"] {
                var chars = Array("2021-03-15")
                chars[index] = Character(character)
                texts.append(String(chars))
            }
        }
        for text in texts {
            #expect(CalendarDate(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    @Test func descriptionMatchesPaddedParts() {
        for (y, m, d) in [(1, 1, 1), (9, 9, 9), (10, 10, 10), (999, 12, 31), (1000, 1, 1), (2021, 3, 15), (9999, 12, 31)] {
            let date = CalendarDate(year: y, month: m, day: d)!
            let expected = "\(CalendarDate.pad(y, 4))-\(CalendarDate.pad(m, 2))-\(CalendarDate.pad(d, 2))"
            #expect(date.description == expected)
            #expect(CalendarDate(date.description) == date)
        }
    }
}
