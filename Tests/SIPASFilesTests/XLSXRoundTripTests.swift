import Foundation
import Testing

@testable import SIPASFiles

@Suite("Writer → reader round trip")
struct RoundTripTests {
    static let results = XLSXSheet(
        name: "Kết quả",
        rows: [
            [.text("Đơn vị"), .text("Mức độ"), .text("Số phiếu"), .text("Tỉ lệ"), .text("Ngày")],
            [
                .text("Phường Thành Sen"), .text("Rất hài lòng"), .number(12, format: .integer),
                .number(0.125, format: .percentTwoDecimals), .number(45292, format: .date),
            ],
            [.text("Xã Thạch Hạ"), .empty, .number(3.25, format: .twoDecimals), .empty, .text("")],
            [],
            [.empty, .empty],
            [
                .text("a & b < c > \"d\" 'e'"), .text("dòng 1\ndòng 2\r\nhết"), .text("  padded  "),
                .text("_x0041_ stays"), .text("bad\u{0}chars\u{1F}\u{FFFE}gone"), .number(-0.000_001),
                .number(1e21), .number(0.1 + 0.2), .number(-1_250_000),
            ],
            [.number(.nan), .number(.infinity), .text("12")],
        ],
        columnWidths: [24, 16.5, 0, 10],
        frozenRows: 1,
        boldRows: [0])

    static let summary = XLSXSheet(
        name: "Tổng hợp",
        rows: [[.text("Tổng"), .number(42)], [], [.text("Ghi chú"), .text("Rất hài lòng")]])

    @Test("values, empty cells and two sheets survive writing and reading")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("round-trip.xlsx")
        try XLSXWriter.write([Self.results, Self.summary], to: url)

        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["Kết quả", "Tổng hợp"])
        #expect(
            try Read.rows(url, sheet: 0) == [
                XLSXRow(number: 1, cells: ["Đơn vị", "Mức độ", "Số phiếu", "Tỉ lệ", "Ngày"]),
                XLSXRow(number: 2, cells: ["Phường Thành Sen", "Rất hài lòng", "12", "0.125", "45292"]),
                XLSXRow(number: 3, cells: ["Xã Thạch Hạ", "", "3.25"]),
                XLSXRow(
                    number: 6,
                    cells: [
                        "a & b < c > \"d\" 'e'", "dòng 1\ndòng 2\r\nhết", "  padded  ",
                        "_x0041_ stays", "badcharsgone", "-0.000001", "1e+21",
                        "0.30000000000000004", "-1250000",
                    ]),
                XLSXRow(number: 7, cells: ["#NUM!", "#NUM!", "12"]),
            ])
        #expect(
            try Read.rows(url, sheet: 1) == [
                XLSXRow(number: 1, cells: ["Tổng", "42"]),
                XLSXRow(number: 3, cells: ["Ghi chú", "Rất hài lòng"]),
            ])
    }

    @Test("the sheet part has the frozen pane, widths, styles and explicit references")
    func sheetMarkup() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("markup.xlsx")
        try XLSXWriter.write([Self.results, Self.summary], to: url)

        let sheet = try Read.entryText("xl/worksheets/sheet1.xml", in: url)
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(
            sheet.contains(
                "<cols><col min=\"1\" max=\"1\" width=\"24\" customWidth=\"1\"/>"
                    + "<col min=\"2\" max=\"2\" width=\"16.5\" customWidth=\"1\"/>"
                    + "<col min=\"4\" max=\"4\" width=\"10\" customWidth=\"1\"/></cols>"))
        #expect(sheet.contains("<dimension ref=\"A1:I7\"/>"))
        // Bold header text, then integer, percent and date formats in row 2.
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>Đơn vị</t></is></c>"))
        #expect(sheet.contains("<c r=\"C2\" s=\"2\"><v>12</v></c>"))
        #expect(sheet.contains("<c r=\"D2\" s=\"6\"><v>0.125</v></c>"))
        #expect(sheet.contains("<c r=\"E2\" s=\"8\"><v>45292</v></c>"))
        #expect(sheet.contains("<t xml:space=\"preserve\">  padded  </t>"))
        #expect(sheet.contains("dòng 2&#13;\nhết"))
        #expect(sheet.contains("_x005F_x0041_ stays"))
        #expect(!sheet.contains("<row r=\"4\""))

        let second = try Read.entryText("xl/worksheets/sheet2.xml", in: url)
        #expect(!second.contains("<pane"))
        #expect(!second.contains("<cols>"))

        let styles = try Read.entryText("xl/styles.xml", in: url)
        #expect(styles.contains("<cellXfs count=\"10\">"))
        #expect(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"))
        let types = try Read.entryText("[Content_Types].xml", in: url)
        #expect(types.contains("/xl/worksheets/sheet2.xml"))
        #expect(types.contains("/docProps/core.xml"))
    }

    @Test(
        "column names",
        arguments: [
            (0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"),
            (702, "AAA"), (16_383, "XFD"),
        ])
    func columnNames(index: Int, name: String) {
        #expect(XLSXReader.columnName(index) == name)
        #expect(CellReference.parse(name + "7")?.column == index)
        #expect(CellReference.parse(name + "7")?.row == 7)
    }

    @Test("cells land in columns A, Z, AA, AZ and BA and read back in the same places")
    func wideRow() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("wide.xlsx")
        var row = [XLSXCell](repeating: .empty, count: 53)
        for column in [0, 25, 26, 51, 52] { row[column] = .text(XLSXReader.columnName(column)) }
        try XLSXWriter.write([XLSXSheet(name: "Wide", rows: [row])], to: url)

        let sheet = try Read.entryText("xl/worksheets/sheet1.xml", in: url)
        for name in ["A1", "Z1", "AA1", "AZ1", "BA1"] {
            #expect(sheet.contains("<c r=\"\(name)\" t=\"inlineStr\">"))
        }
        let cells = try #require(try Read.rows(url).first).cells
        #expect(cells.count == 53)
        for column in [0, 25, 26, 51, 52] { #expect(cells[column] == XLSXReader.columnName(column)) }
        #expect(cells.enumerated().filter { !$0.element.isEmpty }.map(\.offset) == [0, 25, 26, 51, 52])
    }

    @Test("sheet names are made valid and unique")
    func sheetNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("names.xlsx")
        let wishes = [
            "Quý 1/2024", "[Nháp]*?", "", "'Trích dẫn'", "History",
            "Phường Thành Sen và các xã lân cận", "Tổng hợp", "TỔNG HỢP",
        ]
        try XLSXWriter.write(wishes.map { XLSXSheet(name: $0, rows: [[.text($0)]]) }, to: url)
        #expect(
            try XLSXReader(url: url).sheetNames == [
                "Quý 1-2024", "(Nháp)__", "Sheet3", "Trích dẫn", "History_",
                "Phường Thành Sen và các xã lân", "Tổng hợp", "TỔNG HỢP (2)",
            ])
    }

    @Test("writing replaces an existing file and leaves no temporary files")
    func overwrite() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("report.xlsx")
        try XLSXWriter.write([XLSXSheet(name: "A", rows: [[.text("first")]])], to: url)
        try XLSXWriter.write([XLSXSheet(name: "B", rows: [[.text("second")]])], to: url)
        #expect(try Read.rows(url) == [XLSXRow(number: 1, cells: ["second"])])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["report.xlsx"])
    }

    @Test("the writer refuses what Excel cannot hold, with a clear message")
    func writerLimits() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bad.xlsx")
        #expect(Read.errorMessage { try XLSXWriter.write([], to: url) } == "a workbook needs at least one sheet")
        let long = XLSXSheet(name: "Dài", rows: [[.empty, .text(String(repeating: "ư", count: 32_768))]])
        #expect(
            Read.errorMessage { try XLSXWriter.write([long], to: url) }
                == "sheet 'Dài', cell B1: the text has 32768 characters; a cell holds at most 32767")
        #expect(
            Read.errorMessage {
                try XLSXWriter.write([XLSXSheet(name: "A", rows: [])], to: folder.file("missing/bad.xlsx"))
            } == "the folder \(folder.file("missing").path) does not exist")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test(
        "numbers are written and read as their shortest decimal text",
        arguments: [
            (12.0, "12"), (0.5, "0.5"), (-0.0, "0"), (1e-5, "0.00001"), (1e-7, "1e-7"), (123_456_789_012, "123456789012"),
            (1e21, "1e+21"), (1.5e300, "1.5e+300"), (0.1 + 0.2, "0.30000000000000004"), (-45.25, "-45.25"),
            (Double.leastNonzeroMagnitude, "5e-324"), (100, "100"),
        ])
    func numberText(value: Double, text: String) {
        #expect(NumberText.shortest(value) == text)
        #expect(Double(text) == value)
    }
}
