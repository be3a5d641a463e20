import Foundation

/// Writes one worksheet part (`xl/worksheets/sheetN.xml`) to a file, row by row.
enum WorksheetXMLWriter {
    /// The most characters (UTF-16 code units) Excel keeps in one cell.
    static let maxCellTextLength = 32_767
    /// The widest column Excel allows, in characters.
    static let maxColumnWidth = 255.0

    /// - Parameters:
    ///   - sheet: the content.
    ///   - name: the sanitised sheet name, for messages.
    ///   - selected: whether this is the sheet shown when the workbook opens.
    static func write(_ sheet: XLSXSheet, name: String, selected: Bool, to url: URL) throws {
        guard sheet.rows.count <= CellReference.maxRowNumber else {
            throw XLSXError(
                "sheet '\(name)' has \(sheet.rows.count) rows; a worksheet holds at most "
                    + "\(CellReference.maxRowNumber)")
        }
        var lastColumn = 0
        var lastRow = 0
        for (index, row) in sheet.rows.enumerated() {
            guard row.count <= CellReference.maxColumnIndex + 1 else {
                throw XLSXError(
                    "sheet '\(name)', row \(index + 1) has \(row.count) cells; a worksheet holds at most "
                        + "\(CellReference.maxColumnIndex + 1) columns")
            }
            if let last = row.lastIndex(where: { $0 != .empty && $0 != .text("") }) {
                lastColumn = max(lastColumn, last)
                lastRow = index + 1
            }
        }

        let out = try BufferedFileWriter(url: url)
        try out.write(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            """)
        let dimension = lastRow == 0 ? "A1" : "A1:\(CellReference.columnName(lastColumn))\(lastRow)"
        try out.write("<dimension ref=\"\(dimension)\"/>")
        try out.write(sheetViews(frozenRows: sheet.frozenRows, selected: selected))
        try out.write("<sheetFormatPr defaultRowHeight=\"15\"/>")
        try out.write(columns(sheet.columnWidths))

        try out.write("<sheetData>")
        for (index, row) in sheet.rows.enumerated() {
            let rowNumber = index + 1
            let bold = sheet.boldRows.contains(index)
            var rowXML = ""
            for (column, cell) in row.enumerated() {
                rowXML += try cellXML(
                    cell, reference: "\(CellReference.columnName(column))\(rowNumber)",
                    bold: bold, sheetName: name)
            }
            guard !rowXML.isEmpty else { continue }
            try out.write("<row r=\"\(rowNumber)\">")
            try out.write(rowXML)
            try out.write("</row>")
        }
        try out.write("</sheetData>")
        try out.write("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        try out.write("</worksheet>")
        try out.close()
    }

    private static func sheetViews(frozenRows: Int, selected: Bool) -> String {
        let frozen = min(max(frozenRows, 0), CellReference.maxRowNumber - 1)
        var xml = "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        if frozen > 0 {
            let topLeft = "A\(frozen + 1)"
            xml += "<pane ySplit=\"\(frozen)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        return xml + "</sheetView></sheetViews>"
    }

    private static func columns(_ widths: [Double]) -> String {
        var xml = ""
        for (index, width) in widths.prefix(CellReference.maxColumnIndex + 1).enumerated()
        where width.isFinite && width > 0 {
            let value = NumberText.shortest(min(width, maxColumnWidth))
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(value)\" customWidth=\"1\"/>"
        }
        return xml.isEmpty ? "" : "<cols>\(xml)</cols>"
    }

    private static func cellXML(_ cell: XLSXCell, reference: String, bold: Bool, sheetName: String) throws -> String {
        switch cell {
        case .empty:
            return ""
        case .text(let raw):
            let text = raw.precomposedStringWithCanonicalMapping
            guard !text.isEmpty else { return "" }
            guard text.utf16.count <= maxCellTextLength else {
                throw XLSXError(
                    "sheet '\(sheetName)', cell \(reference): the text has \(text.utf16.count) characters; "
                        + "a cell holds at most \(maxCellTextLength)")
            }
            let style = styleAttribute(format: .general, bold: bold)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let space = trimmed.count == text.count ? "" : " xml:space=\"preserve\""
            let escaped = XMLEscaping.escape(OOXMLText.protectingEscapes(text), for: .spreadsheetML)
            return "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t\(space)>\(escaped)</t></is></c>"
        case .number(let value, let format):
            let style = styleAttribute(format: format, bold: bold)
            guard value.isFinite else {
                return "<c r=\"\(reference)\"\(style) t=\"e\"><v>#NUM!</v></c>"
            }
            return "<c r=\"\(reference)\"\(style)><v>\(NumberText.shortest(value))</v></c>"
        }
    }

    private static func styleAttribute(format: XLSXNumberFormat, bold: Bool) -> String {
        let index = StyleSheet.index(format: format, bold: bold)
        return index == 0 ? "" : " s=\"\(index)\""
    }
}
