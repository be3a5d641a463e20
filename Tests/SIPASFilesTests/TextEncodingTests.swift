import Testing

@testable import SIPASFiles

@Suite struct TextEncodingTests {
    @Test(arguments: [
        ("utf-8", TextEncoding.utf8), ("UTF-8", .utf8), ("utf8", .utf8), (" Utf8 ", .utf8),
        ("utf-16", .utf16LE), ("UTF-16", .utf16LE), ("utf-16le", .utf16LE), ("UTF-16LE", .utf16LE),
        ("utf-16be", .utf16BE), ("UTF-16BE", .utf16BE),
        ("windows-1258", .windows1258), ("Windows-1258", .windows1258), ("cp1258", .windows1258),
        ("CP1258", .windows1258), ("1258", .windows1258),
    ])
    func parsesNames(name: String, expected: TextEncoding) {
        #expect(TextEncoding(name: name) == expected)
    }

    @Test(arguments: ["", "latin1", "utf-32", "cp1252", "utf-7", "windows-1252", "utf", "12580"])
    func rejectsOtherNames(name: String) {
        #expect(TextEncoding(name: name) == nil)
    }

    @Test func rawValuesAreCanonicalNames() {
        for encoding in TextEncoding.allCases {
            #expect(TextEncoding(name: encoding.rawValue) == encoding)
        }
        #expect(TextEncoding.allCases.map(\.rawValue) == ["utf-8", "utf-16le", "utf-16be", "windows-1258"])
    }
}
