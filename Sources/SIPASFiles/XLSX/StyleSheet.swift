/// The styles part (`xl/styles.xml`) the writer uses: two fonts (regular, bold) and one cell
/// format for each number format × bold, so a cell's style index is
/// `2 × (format's position) + (bold ? 1 : 0)`.
enum StyleSheet {
    static let formats: [XLSXNumberFormat] = [.general, .integer, .twoDecimals, .percentTwoDecimals, .date]

    /// The custom number format id of `yyyy-mm-dd`; ids below 164 are built in.
    private static let dateFormatID = 164

    /// The `s` attribute value for a cell.
    static func index(format: XLSXNumberFormat, bold: Bool) -> Int {
        let position = formats.firstIndex(of: format) ?? 0
        return position * 2 + (bold ? 1 : 0)
    }

    /// The number format id: built-in 0 (General), 1 (0), 2 (0.00), 10 (0.00%), custom 164.
    static func numberFormatID(_ format: XLSXNumberFormat) -> Int {
        switch format {
        case .general: return 0
        case .integer: return 1
        case .twoDecimals: return 2
        case .percentTwoDecimals: return 10
        case .date: return dateFormatID
        }
    }

    static var xml: String {
        var cellFormats = ""
        for format in formats {
            for bold in [false, true] {
                let id = numberFormatID(format)
                cellFormats += "<xf numFmtId=\"\(id)\" fontId=\"\(bold ? 1 : 0)\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
                if id != 0 { cellFormats += " applyNumberFormat=\"1\"" }
                if bold { cellFormats += " applyFont=\"1\"" }
                cellFormats += "/>"
            }
        }
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="\(dateFormatID)" formatCode="yyyy-mm-dd"/></numFmts>\
            <fonts count="2"><font>\(font)</font><font><b/>\(font)</font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill>\
            <fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(formats.count * 2)">\(cellFormats)</cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            <dxfs count="0"/>\
            <tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
            </styleSheet>
            """
    }
}
