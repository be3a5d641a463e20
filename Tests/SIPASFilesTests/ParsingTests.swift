import Foundation
import Testing

@testable import SIPASFiles

@Suite struct ParsingTests {
    @Test(arguments: [",", ";", "\t"] as [Character])
    func everyDelimiterGivenOrDetected(delimiter: Character) throws {
        let d = String(delimiter)
        let text = "ma\(d)ten\(d)so\n01\(d)\"a\(d)b\"\(d)3\n02\(d)\(d)\n"
        let expected = [ExactRecord(1, ["ma", "ten", "so"]), ExactRecord(2, ["01", "a\(d)b", "3"]), ExactRecord(3, ["02", "", ""])]
        let detected = try read(text)
        #expect(detected.delimiter == delimiter)
        #expect(detected.records == expected)
        let given = try read(text, delimiter: delimiter)
        #expect(given.records == expected)
    }

    @Test(
        arguments: [
            ("a;b,c\n", ","),  // tie: comma first
            ("a;b\tc\n", ";"),  // tie: semicolon before tab
            ("a;b;c,d\n", ";"),
            ("a\tb\tc;d,e\n", "\t"),
            ("abc\n", ","),  // no delimiter at all
            ("\"a;b;c\",d\n", ","),  // delimiters inside quotes don't count
            ("\"x\"\"; ;\"\"\";y\n", ";"),  // nor inside doubled quotes
            ("\n\r\n# a;b;c;d\nx\ty\n", "\t"),  // blank and comment lines before the first record
            ("\"line 1\nline;2;3\",x\ny;z;w\n", ";"),  // the first lines count, not only the first record
            ("PHIẾU TỔNG HỢP\nunit;18073;Nam Hà\nperiod;2021-03\n", ";"),  // a title line without delimiters
        ] as [(String, Character)])
    func detectsDelimiter(text: String, expected: Character) throws {
        for chunkSize in [1, 2, 1 << 20] {
            let outcome = try read(text, commentPrefix: "#", chunkSize: chunkSize)
            #expect(outcome.delimiter == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func quoting() throws {
        let text = [
            #""plain","with ""quotes""","a,b","""#,
            #""",x,"","#,
            "\"multi\nline\",\"cr\rlf\r\nlf\n\",y",
            #"a"b,c""d,"e"f"#,
            ",,",
        ].joined(separator: "\n")
        let outcome = try read(text)
        #expect(outcome.errorMessage == nil)
        #expect(
            outcome.records == [
                ExactRecord(1, ["plain", "with \"quotes\"", "a,b", ""]),
                ExactRecord(2, ["", "x", "", ""]),
                ExactRecord(3, ["multi\nline", "cr\rlf\r\nlf\n", "y"]),
                // A quote inside an unquoted field is kept; text after a closing quote too.
                ExactRecord(8, ["a\"b", "c\"\"d", "ef"]),
                ExactRecord(9, ["", "", ""]),
            ])
    }

    @Test func singleQuotedEmptyFieldIsARecord() throws {
        let outcome = try read("a\n\"\"\n\nb")
        #expect(outcome.records == [ExactRecord(1, ["a"]), ExactRecord(2, [""]), ExactRecord(4, ["b"])])
    }

    @Test func spacesAreKept() throws {
        let outcome = try read(" a , b ,\" c \"\n")
        #expect(outcome.records == [ExactRecord(1, [" a ", " b ", " c "])])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndsAndBlankLines(end: String) throws {
        let text = ["a,b", "", "c,\"d", "e\"", "", "", "f,g", ""].joined(separator: end)
        let expected = [ExactRecord(1, ["a", "b"]), ExactRecord(3, ["c", "d\(end)e"]), ExactRecord(7, ["f", "g"])]
        #expect(try read(text).records == expected)
        // Without the trailing line end.
        #expect(try read(String(text.dropLast())).records == expected)
    }

    @Test func mixedLineEnds() throws {
        let outcome = try read("a\r\nb\rc\nd\r\r\ne\n\rf")
        #expect(
            outcome.records == [
                ExactRecord(1, ["a"]), ExactRecord(2, ["b"]), ExactRecord(3, ["c"]), ExactRecord(4, ["d"]),
                ExactRecord(6, ["e"]), ExactRecord(8, ["f"]),
            ])
    }

    @Test func commentLines() throws {
        let text = "# exported 2024-05-01, \"quoted\nid,name\n#skip,this\n1,\"#not a comment\n# nor this\"\n  # indented is data\n# last"
        let outcome = try read(text, commentPrefix: "#")
        #expect(
            outcome.records == [
                ExactRecord(2, ["id", "name"]),
                ExactRecord(4, ["1", "#not a comment\n# nor this"]),
                ExactRecord(6, ["  # indented is data"]),
            ])
        let withoutPrefix = try read("#a,b\n", delimiter: ",")
        #expect(withoutPrefix.records == [ExactRecord(1, ["#a", "b"])])
    }

    @Test func blankFileHasNoRecords() throws {
        #expect(try read("\n\r\n\r\n\n").records.isEmpty)
    }

    @Test(arguments: ["\"", "\n", "\r\n", "é", "\u{1F600}"] as [String])
    func rejectsUnusableDelimiters(delimiter: String) throws {
        let file = try TemporaryFile(Array("a,b\n".utf8))
        defer { file.remove() }
        #expect(throws: DelimitedTextError.self) {
            _ = try DelimitedFileReader(url: file.url, delimiter: Character(delimiter))
        }
    }

    @Test func rejectsMissingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/sipas/input.csv")
        #expect {
            _ = try DelimitedFileReader(url: url)
        } throws: { error in
            (error as? DelimitedTextError)?.description.hasPrefix("/nonexistent/sipas/input.csv: cannot open the file") == true
        }
    }

    @Test func progress() throws {
        var bytes: [UInt8] = []
        for row in 0..<5000 { bytes += Array("\(row),Hà Tĩnh,\(row * 3)\n".utf8) }
        let file = try TemporaryFile(bytes)
        defer { file.remove() }
        var reader = try DelimitedFileReader(
            url: file.url, encoding: nil, delimiter: nil, commentPrefix: nil, maxRecordBytes: 1 << 20, chunkSize: 4096)
        #expect(reader.totalBytes == bytes.count)
        #expect(reader.bytesRead < bytes.count)
        var count = 0
        var lastRead = 0
        while let record = try reader.next() {
            count += 1
            #expect(record.line == count)
            #expect(reader.bytesRead >= lastRead)
            lastRead = reader.bytesRead
        }
        #expect(count == 5000)
        #expect(reader.bytesRead == bytes.count)
        #expect(try reader.next() == nil)
    }
}
