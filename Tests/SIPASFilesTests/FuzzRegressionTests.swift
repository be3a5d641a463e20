import Foundation
import SIPASCore
import Testing
import ZIPFoundation

@testable import SIPASFiles

/// Inputs that crashed, hung or exhausted memory in a reader under the fuzz targets of
/// `Scripts/fuzz` (see `Scripts/fuzz/run`), each with the clear error the reader now gives.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    // FuzzCSV, 2026-11-27: an input made by hand after reading DelimiterDetection, which the
    // target's check that chunk sizes never change what is read then rejected: ten CRLF
    // lines before the first line with delimiters. Read in 1-byte chunks, each CR was the last
    // byte of the buffer and counted as a line end, and the LF after it as another, so delimiter
    // detection stopped at its 20-line limit before reaching "x;y;z" and chose the comma.
    @Test("CSV: CR LF split between two chunks is one line end for delimiter detection")
    func delimiterDetectionAcrossChunks() throws {
        let bytes = Array((String(repeating: "a\r\n", count: 10) + "x;y;z\r\n1;2;3\r\n").utf8)
        let expected = (1...10).map { ExactRecord($0, ["a"]) } + [ExactRecord(11, ["x", "y", "z"]), ExactRecord(12, ["1", "2", "3"])]
        for chunkSize in [1, 2, 3, 4, 5, 7, 1 << 20] {
            let outcome = try read(bytes, chunkSize: chunkSize)
            #expect(outcome.delimiter == ";", "chunk size \(chunkSize)")
            #expect(outcome.records == expected, "chunk size \(chunkSize)")
            #expect(outcome.errorMessage == nil, "chunk size \(chunkSize)")
        }
    }

    // FuzzXLSX, 2026-11-27, found by the fuzzer itself (crash-3c8a1d19…, 1,210 bytes in the
    // target's "XML parts" mode, shrunk by hand to these 36 bytes of worksheet): a part that
    // declares UTF-7 and then has a byte invalid in it made the system's libxml2 dereference a
    // null pointer inside XMLParser: the whole program died with SIGSEGV. The workbook part went
    // through the same parser (from memory rather than from a file).
    @Test("XLSX: a part declaring an encoding other than UTF-8 or UTF-16 is refused before parsing")
    func xmlPartInAnotherEncoding() throws {
        let crash = Data(#"<?xml version="1.0" encoding="UTF7""#.utf8) + Data([0x8B])
        func entry(_ path: String, _ data: Data) -> RawZip.Entry {
            RawZip.Entry(path: path, stored: data, crc32: data.crc32(checksum: 0), uncompressedSize: UInt32(data.count))
        }
        let sheet = RawZip.workbook(sheet: entry("xl/worksheets/sheet1.xml", crash))
        #expect(
            try BadInputTests.failure(reading: sheet)
                == "the file is damaged: worksheet 'Sheet1' is written in the encoding 'UTF7'; workbooks are written in UTF-8 or UTF-16")

        var parts = RawZip.workbookParts().filter { $0.path != "xl/workbook.xml" }
        parts.append(entry("xl/workbook.xml", crash))
        #expect(
            try BadInputTests.failure(reading: RawZip.build(parts)) == "the file is damaged: the workbook "
                + "(xl/workbook.xml) is written in the encoding 'UTF7'; workbooks are written in UTF-8 or UTF-16")

        // Nor can the encoding hide beyond the bytes the check reads.
        let padded = Data(("<?xml version=\"1.0\"" + String(repeating: " ", count: 600) + "encoding=\"UTF7\"").utf8) + Data([0x8B])
        #expect(
            try BadInputTests.failure(reading: RawZip.workbook(sheet: entry("xl/worksheets/sheet1.xml", padded)))
                == "the file is damaged: worksheet 'Sheet1' is not well-formed XML (its XML declaration does not end)")

        // Bytes that are not XML text in UTF-8 or UTF-16 at all (here UCS-4) are refused too.
        let ucs4 = Data("<a/>".unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] })
        #expect(
            try BadInputTests.failure(reading: RawZip.workbook(sheet: entry("xl/worksheets/sheet1.xml", ucs4)))
                == "the file is damaged: worksheet 'Sheet1' is not XML text in UTF-8 or UTF-16")

        // UTF-16 with its byte-order mark, declaring it, still reads.
        let utf16 =
            Data([0xFF, 0xFE])
            + Data(
                ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                    + "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Hà Tĩnh</t></is></c></row></sheetData></worksheet>")
                    .utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("utf16.xlsx")
        try RawZip.workbook(sheet: entry("xl/worksheets/sheet1.xml", utf16)).write(to: url)
        #expect(try Read.rows(url) == [XLSXRow(number: 1, cells: ["Hà Tĩnh"])])
    }

    /// A survey whose lists are aliases of aliases: `n` elements that are the same element, whose
    /// `n` items are the same item with `n` options, so about 2.5 KB stand for n³ options.
    static func aliasBomb(_ n: Int) -> String {
        let options = (0..<n).map { "o\($0)" }.joined(separator: ", ")
        var lines = [
            "code: bomb", "version: 1", "title: {vi: t, en: t}", "source: s", "elements:",
            "  - &e", "    code: \"1\"", "    title: {vi: t, en: t}", "    items:",
            "      - &i {code: a, kind: single_choice, text: t, options: [\(options)]}",
        ]
        lines += Array(repeating: "      - *i", count: n - 1)
        lines += Array(repeating: "  - *e", count: n - 1)
        return lines.joined(separator: "\n") + "\n"
    }

    // FuzzSurveyYAML, 2026-11-27: an input made by hand after reading SurveyLoader (the fuzzer
    // had not reached it in its runs). Given to the target, n = 100 (2.5 KB, a million options)
    // hit the 10 s timeout; n = 300 (7 KB, 27 million options) would exhaust memory. Built here
    // rather than stored.
    @Test("survey YAML: aliases nested elements × items × options are refused, quickly")
    func surveyAliasBomb() throws {
        for n in [100, 300] {
            let yaml = Self.aliasBomb(n)
            let clock = ContinuousClock()
            let start = clock.now
            let error = #expect(throws: FileProblems.self) {
                try SurveyLoader.load(yaml: yaml, file: "bomb.yaml")
            }
            #expect(clock.now - start < .seconds(5))
            #expect(error?.problems.count == 1)
            #expect(
                error?.problems.first?.message.hasPrefix(
                    "the survey has more than 100,000 values once its aliases (*name) are expanded") == true)
        }
    }

    @Test("survey YAML: a few aliases, as a person would use them, still load")
    func surveyWithSomeAliases() throws {
        let yaml = """
            code: aliases
            version: 1
            title: {vi: Khảo sát, en: Survey}
            source: QĐ 1001/QĐ-BNV
            elements:
              - code: "1"
                title: {vi: Tiếp cận, en: Access}
                items:
                  - {code: "1.1", kind: satisfaction, text: {vi: Nơi ngồi, en: Seats}}
            items:
              - {code: gender, kind: profile, text: Giới tính, options: &sexes [nam, nu]}
              - {code: gender2, kind: profile, text: Giới tính, options: *sexes}
            """
        let survey = try SurveyLoader.load(yaml: yaml, file: "aliases.yaml")
        #expect(survey.items.map { $0.options.map(\.code) } == [["nam", "nu"], ["nam", "nu"]])
    }
}
