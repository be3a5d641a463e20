import Foundation
import SIPASFiles
import Testing

/// The one writer of export rows, for `sipas export` and `/api/exports`: CSV as Excel reads it,
/// JSON lines that any JSON reader takes back exactly.
@Suite struct ExportRowWriterTests {
    static let header = ["unit", "unit_name", "count"]
    static let rows = [
        ["18073", "Phường Nam Hà", "12"],
        ["=1+1", "a, \"quoted\"\nname", "-3"],
        ["x/y", "tab\there \u{1}", ""],
    ]

    @Test func csvHasABOMCRLFLinesAndNeutralisedQuotedFields() {
        let writer = ExportRowWriter(format: .csv, header: Self.header)
        var data = writer.start()
        for row in Self.rows { data.append(writer.line(row)) }
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text
                == "\u{FEFF}unit,unit_name,count\r\n18073,Phường Nam Hà,12\r\n'=1+1,\"a, \"\"quoted\"\"\nname\",'-3\r\nx/y,tab\there \u{1},\r\n"
        )
        #expect(ExportRowWriter.csv(header: Self.header, rows: Self.rows) == data)
    }

    @Test func jsonLinesReadBackAsTheRowsWithSortedKeys() throws {
        let writer = ExportRowWriter(format: .jsonLines, header: Self.header)
        #expect(writer.start().isEmpty)
        for row in Self.rows {
            let line = writer.line(row)
            #expect(line.last == 0x0A && !line.dropLast().contains(0x0A))
            let object = try JSONDecoder().decode([String: String].self, from: line)
            #expect(object == Dictionary(uniqueKeysWithValues: zip(Self.header, row)))
        }
        #expect(
            String(decoding: writer.line(Self.rows[0]), as: UTF8.self)
                == "{\"count\":\"12\",\"unit\":\"18073\",\"unit_name\":\"Phường Nam Hà\"}\n")
        #expect(String(decoding: writer.line(Self.rows[2]), as: UTF8.self).hasPrefix("{\"count\":\"\",\"unit\":\"x/y\""))
    }
}
