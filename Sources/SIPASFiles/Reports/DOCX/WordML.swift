// WordprocessingML written as text. No DOCX library is among the packages sipas may use (the
// Swift packages allowed are those in Package.swift; none writes DOCX), and a report needs only
// paragraphs, runs, tables, a page section and one chart, so the markup is built here, the way
// `XLSXWriter` builds SpreadsheetML, and zipped with ZIPFoundation (`DOCXWriter`).

/// Pieces of `word/document.xml`: runs, paragraphs and tables as XML text. Every text that
/// comes from data goes through `escaped`, so names with `&`, `<` or control characters
/// cannot break the document.
enum WordML {
    /// Lengths: twentieths of a point (twips); 1 mm ≈ 56.7 twips.
    static func mm(_ millimetres: Double) -> Int { Int((millimetres * 1440 / 25.4).rounded()) }

    /// XML-escaped text with the characters XML 1.0 forbids removed.
    static func escaped(_ text: String) -> String { XMLEscaping.escape(text, for: .spreadsheetML) }

    /// How a run looks.
    struct Font: Equatable {
        var bold = false
        var italic = false
        var underline = false
        var caps = false
        /// In points; nil: the document's default (14 pt).
        var size: Double?
        var color: String?

        static let plain = Font()
        static let bold = Font(bold: true)
        static let italic = Font(italic: true)

        func sized(_ points: Double) -> Font {
            var copy = self
            copy.size = points
            return copy
        }

        var xml: String {
            var out = ""
            if bold { out += "<w:b/><w:bCs/>" }
            if italic { out += "<w:i/><w:iCs/>" }
            if caps { out += "<w:caps/>" }
            if let color { out += "<w:color w:val=\"\(color)\"/>" }
            if let size {
                let half = Int((size * 2).rounded())
                out += "<w:sz w:val=\"\(half)\"/><w:szCs w:val=\"\(half)\"/>"
            }
            if underline { out += "<w:u w:val=\"single\"/>" }
            return out.isEmpty ? "" : "<w:rPr>\(out)</w:rPr>"
        }
    }

    /// One run; line breaks in `text` become `<w:br/>`.
    static func run(_ text: String, _ font: Font = .plain) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.map { "<w:t xml:space=\"preserve\">\(escaped(String($0)))</w:t>" }.joined(separator: "<w:br/>")
        return "<w:r>\(font.xml)\(body)</w:r>"
    }

    enum Alignment: String {
        case left, center, right, both
    }

    /// How a paragraph is laid out.
    struct Layout {
        var alignment: Alignment = .both
        /// First-line indent, twips.
        var firstLine = 0
        var left = 0
        var right = 0
        /// Space before and after, twips (1 pt = 20).
        var before = 0
        var after = 0
        /// Line spacing in 240ths of a line (240 = single).
        var line = 240
        var keepNext = false
        var keepLines = false
        var pageBreakBefore = false
        /// A rule over the paragraph (the short lines under the issuing body and the motto).
        var topRule = false
        /// Run properties for the paragraph mark (sets the height of an empty paragraph).
        var markFont: Font?

        static let centered = Layout(alignment: .center)

        var xml: String {
            var out = ""
            if keepNext { out += "<w:keepNext/>" }
            if keepLines { out += "<w:keepLines/>" }
            if pageBreakBefore { out += "<w:pageBreakBefore/>" }
            if topRule { out += "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>" }
            out += "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\" w:line=\"\(line)\" w:lineRule=\"auto\"/>"
            if firstLine != 0 || left != 0 || right != 0 {
                out += "<w:ind w:left=\"\(left)\" w:right=\"\(right)\" w:firstLine=\"\(firstLine)\"/>"
            }
            out += "<w:jc w:val=\"\(alignment.rawValue)\"/>"
            if let markFont { out += markFont.xml }
            return "<w:pPr>\(out)</w:pPr>"
        }
    }

    static func paragraph(_ runs: [String], _ layout: Layout = Layout()) -> String {
        "<w:p>\(layout.xml)\(runs.joined())</w:p>"
    }

    static func paragraph(_ text: String, _ font: Font = .plain, _ layout: Layout = Layout()) -> String {
        paragraph(text.isEmpty ? [] : [run(text, font)], layout)
    }

    /// A table cell: width in twips, paragraphs inside.
    struct Cell {
        var paragraphs: [String]
        var width: Int
        var shading: String?
        var span = 1

        init(_ paragraphs: [String], width: Int, shading: String? = nil, span: Int = 1) {
            self.paragraphs = paragraphs
            self.width = width
            self.shading = shading
            self.span = span
        }

        var xml: String {
            var properties = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
            if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
            if let shading { properties += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(shading)\"/>" }
            properties += "<w:vAlign w:val=\"center\"/>"
            // A cell must end with a paragraph.
            let body = paragraphs.isEmpty ? "<w:p/>" : paragraphs.joined()
            return "<w:tc><w:tcPr>\(properties)</w:tcPr>\(body)</w:tc>"
        }
    }

    /// A table with fixed column widths; `headerRows` repeat on every page; `borders` false for
    /// the header and signature blocks, which the decree lays out as borderless tables.
    static func table(_ rows: [[Cell]], widths: [Int], borders: Bool, headerRows: Int = 0, cellMargin: Int = 80) -> String {
        let edge = borders ? "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"" : "w:val=\"nil\""
        let sides = ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(edge)/>" }.joined()
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        xml += "<w:tblBorders>\(sides)</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        xml += "<w:tblCellMar><w:left w:w=\"\(cellMargin)\" w:type=\"dxa\"/><w:right w:w=\"\(cellMargin)\" w:type=\"dxa\"/></w:tblCellMar>"
        xml +=
            "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>"
        xml += "</w:tblPr><w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for (index, row) in rows.enumerated() {
            var rowProperties = "<w:cantSplit/>"
            if index < headerRows { rowProperties += "<w:tblHeader/>" }
            xml += "<w:tr><w:trPr>\(rowProperties)</w:trPr>" + row.map(\.xml).joined() + "</w:tr>"
        }
        return xml + "</w:tbl>"
    }
}
