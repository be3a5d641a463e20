import Foundation
import Testing

@testable import SIPASFiles

/// Reads the writer's output with openpyxl, a reader that shares no code with this package.
@Suite("Writer checked by openpyxl")
struct OpenpyxlCheckTests {
    /// Prints what openpyxl sees as JSON: sheet names, frozen panes, custom widths of the first
    /// sheet, and every non-empty cell as text or number with its number format and boldness.
    static let script = """
        import json, sys, warnings
        warnings.simplefilter("error")  # any complaint from openpyxl fails the test
        import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        first = wb.worksheets[0]
        out = {
            "sheets": wb.sheetnames,
            "freeze": [ws.freeze_panes for ws in wb.worksheets],
            "widths": {k: d.width for k, d in first.column_dimensions.items() if d.customWidth},
            "cells": {},
        }
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    v = c.value
                    cell = {"format": c.number_format, "bold": bool(c.font.b)}
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        cell["number"] = float(v)
                    else:
                        cell["text"] = v.isoformat() if hasattr(v, "isoformat") else str(v)
                    out["cells"][ws.title + "!" + c.coordinate] = cell
        print(json.dumps(out, ensure_ascii=False))
        """

    /// The script's output. Decoded with JSONDecoder: on Linux, JSONSerialization turns
    /// 0.30000000000000004 into an NSDecimalNumber whose Double is 0.3000000000000001.
    struct Seen: Decodable {
        struct Cell: Decodable {
            var text: String?
            var number: Double?
            var format: String
            var bold: Bool
        }
        var sheets: [String]
        var freeze: [String?]
        var widths: [String: Double]
        var cells: [String: Cell]
    }

    @Test(
        "openpyxl reads values, number formats, bold, widths and the frozen pane",
        .enabled(if: Python.hasOpenpyxl, "python3 with openpyxl is not available (pip install openpyxl)"))
    func openpyxlReadsWriterOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("check.xlsx")
        try XLSXWriter.write([RoundTripTests.results, RoundTripTests.summary], to: url)

        let result = try Python.run(["-c", Self.script, url.path])
        try #require(result.status == 0, "openpyxl failed: \(result.errors)")
        let seen = try JSONDecoder().decode(Seen.self, from: Data(result.output.utf8))

        #expect(seen.sheets == ["Kết quả", "Tổng hợp"])
        #expect(seen.freeze == ["A2", nil])
        #expect(seen.widths == ["A": 24, "B": 16.5, "D": 10])

        let cells = seen.cells
        #expect(cells["Kết quả!A1"]?.text == "Đơn vị")
        #expect(cells["Kết quả!A1"]?.bold == true)
        #expect(cells["Kết quả!E1"]?.bold == true)
        #expect(cells["Kết quả!A2"]?.text == "Phường Thành Sen")
        #expect(cells["Kết quả!A2"]?.bold == false)
        #expect(cells["Kết quả!B2"]?.text == "Rất hài lòng")
        #expect(cells["Kết quả!C2"]?.number == 12)
        #expect(cells["Kết quả!C2"]?.format == "0")
        #expect(cells["Kết quả!D2"]?.number == 0.125)
        #expect(cells["Kết quả!D2"]?.format == "0.00%")
        #expect(cells["Kết quả!E2"]?.text == "2024-01-01T00:00:00")
        #expect(cells["Kết quả!E2"]?.format == "yyyy-mm-dd")
        #expect(cells["Kết quả!B3"] == nil)
        #expect(cells["Kết quả!C3"]?.number == 3.25)
        #expect(cells["Kết quả!C3"]?.format == "0.00")
        #expect(cells["Kết quả!A6"]?.text == "a & b < c > \"d\" 'e'")
        #expect(cells["Kết quả!B6"]?.text == "dòng 1\ndòng 2\r\nhết")
        #expect(cells["Kết quả!C6"]?.text == "  padded  ")
        #expect(cells["Kết quả!E6"]?.text == "badcharsgone")
        #expect(cells["Kết quả!F6"]?.number == -0.000_001)
        #expect(cells["Kết quả!G6"]?.number == 1e21)
        #expect(cells["Kết quả!H6"]?.number == 0.1 + 0.2)
        #expect(cells["Kết quả!H6"]?.format == "General")
        #expect(cells["Kết quả!A7"]?.text == "#NUM!")
        #expect(cells["Kết quả!C7"]?.text == "12")
        #expect(cells["Tổng hợp!B1"]?.number == 42)
        #expect(cells["Tổng hợp!B3"]?.text == "Rất hài lòng")
        #expect(cells.count == 28)
    }
}
