import Foundation

/// The fixed parts of a written DOCX package: content types, relationships, styles, settings
/// (Word 2013+ compatibility mode, so Word opens it without "Compatibility Mode"), the page
/// header with the page number, document properties and the page section.
enum DOCXParts {
    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let wordNamespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"
        """
    private static let relationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The page of Nghị định 30/2020/NĐ-CP: A4 (210 × 297 mm); margins top and bottom 20 mm,
    /// left 30 mm, right 15 mm.
    enum Page {
        static let width = 11906, height = 16838
        static let top = WordML.mm(20), bottom = WordML.mm(20), left = WordML.mm(30), right = WordML.mm(15)
        /// The width between the margins, twips.
        static let textWidth = width - left - right
    }

    /// Body text size in points (the decree: 13–14).
    static let bodySize = 14

    static func contentTypes(charts: Int) -> String {
        var overrides = """
            <Override PartName="/word/document.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/word/settings.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
            <Override PartName="/word/header1.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
            """
        for index in stride(from: 1, through: charts, by: 1) {
            overrides +=
                "<Override PartName=\"/word/charts/chart\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
        }
        return header + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>\
            \(overrides)</Types>
            """
    }

    static let packageRelationships =
        header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipTypes)/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="\(relationshipTypes)/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """

    /// The relationship id of chart `n` (1-based) in `document.xml.rels`.
    static func chartRelationship(_ n: Int) -> String { "rIdChart\(n)" }

    static func documentRelationships(charts: Int) -> String {
        var relationships = """
            <Relationship Id="rId1" Type="\(relationshipTypes)/styles" Target="styles.xml"/>\
            <Relationship Id="rId2" Type="\(relationshipTypes)/settings" Target="settings.xml"/>\
            <Relationship Id="rId3" Type="\(relationshipTypes)/header" Target="header1.xml"/>
            """
        for index in stride(from: 1, through: charts, by: 1) {
            relationships +=
                "<Relationship Id=\"\(chartRelationship(index))\" Type=\"\(relationshipTypes)/chart\" Target=\"charts/chart\(index).xml\"/>"
        }
        return header
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relationships)</Relationships>"
    }

    /// Times New Roman for every script, Vietnamese as the language, single spacing.
    static let styles =
        header + """
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:docDefaults><w:rPrDefault><w:rPr>\
            <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
            <w:sz w:val="\(bodySize * 2)"/><w:szCs w:val="\(bodySize * 2)"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>\
            </w:rPr></w:rPrDefault>\
            <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
            <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>\
            <w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>\
            <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>\
            </w:tblCellMar></w:tblPr></w:style>\
            <w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/>\
            <w:semiHidden/><w:unhideWhenUsed/></w:style>\
            </w:styles>
            """

    static let settings =
        header + """
            <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>\
            <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
            <w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>\
            <w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>\
            <w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>\
            </w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>
            """

    /// The page number, centred at the top, from the second page on (the first page has
    /// `titlePg`, so it gets no header), as the decree asks.
    static let pageHeader =
        header + """
            <w:hdr \(wordNamespaces)><w:p><w:pPr><w:jc w:val="center"/></w:pPr>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
            </w:p></w:hdr>
            """

    /// The page section: A4 portrait with the decree's margins, the page-number header.
    static var section: String {
        """
        <w:sectPr><w:headerReference w:type="default" r:id="rId3"/>\
        <w:pgSz w:w="\(Page.width)" w:h="\(Page.height)"/>\
        <w:pgMar w:top="\(Page.top)" w:right="\(Page.right)" w:bottom="\(Page.bottom)" w:left="\(Page.left)" \
        w:header="567" w:footer="567" w:gutter="0"/>\
        <w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>
        """
    }

    static func document(body: String) -> String {
        header + "<w:document \(wordNamespaces)><w:body>\(body)\(section)</w:body></w:document>"
    }

    static func coreProperties(title: String, creator: String, created: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let stamp = formatter.string(from: created)
        return header + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(WordML.escaped(title))</dc:title><dc:creator>\(WordML.escaped(creator))</dc:creator><dc:language>vi-VN</dc:language>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified>\
            </cp:coreProperties>
            """
    }

    static let appProperties =
        header + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
            xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
            <Application>sipas</Application><DocSecurity>0</DocSecurity></Properties>
            """
}
