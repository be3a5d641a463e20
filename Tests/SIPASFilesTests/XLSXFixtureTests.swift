import Foundation
import Testing

@testable import SIPASFiles

/// Workbooks made by other programs (see Fixtures/make_fixtures.py).
@Suite("Fixtures from independent programs")
struct FixtureTests {
    @Test("XlsxWriter workbook with shared strings")
    func sharedStrings() throws {
        let url = try Read.fixture("shared-strings.xlsx")
        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["Phiếu khảo sát", "Tổng hợp"])
        #expect(
            try Read.rows(url, sheet: 0) == [
                XLSXRow(number: 1, cells: ["Đơn vị", "Câu hỏi", "Rất hài lòng", "Tỉ lệ"]),
                XLSXRow(number: 2, cells: ["Phường Thành Sen", "Q1", "12", "0.5"]),
                XLSXRow(number: 5, cells: ["Xã Thạch Hạ", "Q2", "12", "", "TRUE"]),
                XLSXRow(number: 6, cells: ["", "", "7", "0.3"]),
                XLSXRow(number: 8, cells: ["Hài lòng", "45292", "-1250000", "Rất hài lòng lắm"]),
            ])
        #expect(
            try Read.rows(url, sheet: 1) == [
                XLSXRow(number: 1, cells: ["Tổng", "42"]),
                XLSXRow(number: 3, cells: ["Ghi chú", "Rất hài lòng"]),
            ])
    }

    @Test("decomposed Vietnamese text comes back NFC-normalised")
    func normalisation() throws {
        let url = try Read.fixture("shared-strings.xlsx")
        let raw = try Read.entryText("xl/sharedStrings.xml", in: url)
        // The file really holds the decomposed form (a combining grave accent, U+0300) ...
        #expect(raw.unicodeScalars.contains("\u{0300}"))
        // ... and the reader gives the precomposed one, scalar for scalar.
        let row = try #require(try Read.rows(url).last)
        #expect(Array(row.cells[0].unicodeScalars) == Array("H\u{00E0}i l\u{00F2}ng".unicodeScalars))
    }

    @Test("hand-made workbook with inline strings and cells without references")
    func inlineStrings() throws {
        let url = try Read.fixture("inline-strings.xlsx")
        let reader = try XLSXReader(url: url)
        // The chart sheet listed first is skipped.
        #expect(reader.sheetNames == ["Dữ liệu"])
        #expect(
            try Read.rows(url) == [
                XLSXRow(number: 1, cells: ["Đơn vị", "Mức độ", "Số phiếu"]),
                XLSXRow(number: 2, cells: ["Phường Thành Sen", "Rất hài lòng", "12"]),
                XLSXRow(number: 4, cells: ["", "Hài lòng", "Hài lòng!", "TRUE", "#N/A"]),
                XLSXRow(number: 6, cells: ["  dòng\rhai  ", "0.01", "12"]),
                XLSXRow(number: 7, cells: ["", "", "-0.5"]),
            ])
    }

    @Test("throwing from the row callback stops reading and passes the error through")
    func bodyThrows() throws {
        struct Stop: Error, Equatable {}
        let reader = try XLSXReader(url: try Read.fixture("shared-strings.xlsx"))
        var seen: [Int] = []
        #expect(throws: Stop()) {
            try reader.forEachRow { row in
                seen.append(row.number)
                if row.number == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])
    }

    @Test("asking for a sheet that does not exist")
    func missingSheet() throws {
        let reader = try XLSXReader(url: try Read.fixture("shared-strings.xlsx"))
        #expect(
            Read.errorMessage { try reader.forEachRow(sheet: 2) { _ in } }
                == "the workbook has no worksheet number 3; it has 2 worksheets")
    }
}
