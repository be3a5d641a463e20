import SIPASCore
import Testing
@testable import SIPASFiles

@Suite struct CSVReaderTests {
    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "a,b,c\n1,\"Sở Văn hóa, Thể thao\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",x\n3,,\n"
        let records = try CSVReader().records(text: text, file: "t.csv")
        #expect(records.map(\.line) == [1, 2, 3, 5])
        #expect(records[1].fields == ["1", "Sở Văn hóa, Thể thao", "say \"hi\""])
        #expect(records[2].fields == ["2", "two\nlines", "x"])
        #expect(records[3].fields == ["3", "", ""])
    }

    @Test func crlfAndBOMAndBlankLines() throws {
        let text = "\u{FEFF}code,name\r\n1,A\r\n\r\n2,B"
        let records = try CSVReader().records(text: text, file: "t.csv")
        #expect(records.map(\.fields) == [["code", "name"], ["1", "A"], ["2", "B"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test(arguments: [(";", "a;b;c"), ("\t", "a\tb\tc"), (",", "a,b,c"), (",", "abc"), (";", "\"x,y\";b")])
    func detectsTheDelimiter(pair: (Character, String)) {
        #expect(CSVReader.detectDelimiter(firstLine: Substring(pair.1)) == pair.0)
    }

    @Test func semicolonFileFromAVietnameseExcel() throws {
        let records = try CSVReader().records(text: "unit;count\n18073;12,5\n", file: "t.csv")
        #expect(records[1].fields == ["18073", "12,5"])
    }

    @Test func commentLinesAreSkippedButCounted() throws {
        let records = try CSVReader(commentPrefix: "#").records(text: "# note, with comma\n# more\ncode,name\n1,A\n", file: "t.csv")
        #expect(records.map(\.line) == [3, 4])
        #expect(records[0].fields == ["code", "name"])
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: FileProblems.self) {
            try CSVReader().records(text: "a,b\n1,\"open\n2,3\n", file: "t.csv")
        }
    }

    @Test func textIsNormalisedToNFC() throws {
        let records = try CSVReader().records(text: "name\nHa\u{0300} Ti\u{0303}nh\n", file: "t.csv")
        #expect(records[1].fields == ["Hà Tĩnh"])
    }
}
