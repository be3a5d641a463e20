import Foundation

/// A native DOCX chart (`word/charts/chartN.xml`, DrawingML): horizontal bars, one per
/// category, with the values cached in the part so Word and LibreOffice draw it without the
/// embedded workbook; the workbook (`embeddedSheet`) is embedded as well so that Word's
/// "Edit Data" works.
struct DOCXChart {
    struct Bar {
        var label: String
        var value: Double
        /// Drawn in the highlight colour (the province among its districts).
        var highlighted = false
    }

    var title: String
    var seriesName: String
    var bars: [Bar]

    static let barColor = "2F5597"
    static let highlightColor = "C55A11"

    /// The lowest value shown on the axis: a multiple of 10 below the smallest bar (at most 80,
    /// so that the differences between units stay visible without exaggeration).
    var axisMinimum: Double {
        let smallest = bars.map(\.value).min() ?? 0
        return max(0, min(80, (smallest / 10).rounded(.down) * 10 - 10))
    }

    /// The inline drawing that shows the chart, with the relationship id of its part.
    func drawing(relationship: String, id: Int, width: Int) -> String {
        let emuWidth = width * 635
        // About 0.62 cm per bar, plus the title and the axis.
        let emuHeight = Int((Double(bars.count) * 0.62 + 2.8) * 360_000)
        return """
            <w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">\
            <wp:extent cx="\(emuWidth)" cy="\(emuHeight)"/><wp:effectExtent l="0" t="0" r="0" b="0"/>\
            <wp:docPr id="\(id)" name="Biểu đồ \(id)" descr="\(WordML.escaped(title))"/><wp:cNvGraphicFramePr/>\
            <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">\
            <c:chart r:id="\(relationship)"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
            """
    }

    private static func text(_ size: Int, bold: Bool = false) -> String {
        """
        <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="\(size)" b="\(bold ? 1 : 0)">\
        <a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr>\
        <a:endParaRPr lang="vi-VN"/></a:p></c:txPr>
        """
    }

    /// The chart part; `embedded` when the workbook is in the package (relationship rId1).
    func part(embedded: Bool) -> String {
        let count = bars.count
        let categories = bars.enumerated().map { "<c:pt idx=\"\($0.offset)\"><c:v>\(WordML.escaped($0.element.label))</c:v></c:pt>" }
            .joined()
        let values = bars.enumerated().map { "<c:pt idx=\"\($0.offset)\"><c:v>\($0.element.value)</c:v></c:pt>" }.joined()
        let highlights = bars.enumerated().filter(\.element.highlighted).map {
            """
            <c:dPt><c:idx val="\($0.offset)"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>\
            <c:spPr><a:solidFill><a:srgbClr val="\(Self.highlightColor)"/></a:solidFill></c:spPr></c:dPt>
            """
        }.joined()
        return DOCXParts.header + """
            <c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>\
            <c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>\
            <a:r><a:rPr lang="vi-VN" sz="1200" b="1"><a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:rPr>\
            <a:t>\(WordML.escaped(title))</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>\
            <c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>\
            <c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>\
            <c:ser><c:idx val="0"/><c:order val="0"/>\
            <c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>\(WordML.escaped(seriesName))</c:v></c:pt></c:strCache></c:strRef></c:tx>\
            <c:spPr><a:solidFill><a:srgbClr val="\(Self.barColor)"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>\
            \(highlights)\
            <c:dLbls><c:numFmt formatCode="0.00" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>\(Self.text(900))\
            <c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>\
            <c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>\
            <c:cat><c:strRef><c:f>Sheet1!$A$2:$A$\(count + 1)</c:f><c:strCache><c:ptCount val="\(count)"/>\(categories)</c:strCache></c:strRef></c:cat>\
            <c:val><c:numRef><c:f>Sheet1!$B$2:$B$\(count + 1)</c:f><c:numCache><c:formatCode>0.00</c:formatCode><c:ptCount val="\(count)"/>\(values)</c:numCache></c:numRef></c:val>\
            </c:ser><c:gapWidth val="40"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>\
            <c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>\
            <c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\
            \(Self.text(900))<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>\
            <c:noMultiLvlLbl val="0"/></c:catAx>\
            <c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/><c:max val="100"/><c:min val="\(axisMinimum)"/></c:scaling>\
            <c:delete val="0"/><c:axPos val="b"/><c:majorGridlines><c:spPr><a:ln w="3175"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>\
            <c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\
            \(Self.text(900))<c:crossAx val="50010001"/><c:crosses val="max"/><c:crossBetween val="between"/><c:majorUnit val="5"/></c:valAx>\
            </c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>\
            \(Self.text(1000))\
            \(embedded ? "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData>" : "")\
            </c:chartSpace>
            """
    }

    /// The chart's relationships: its embedded workbook.
    static func relationships(workbook: String) -> String {
        DOCXParts.header + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" \
            Target="../embeddings/\(workbook)"/></Relationships>
            """
    }

    /// The chart's data as the workbook Word opens for "Edit Data".
    var embeddedSheet: XLSXSheet {
        let rows: [[XLSXCell]] =
            [[.text(""), .text(seriesName)]]
            + bars.map { [.text($0.label), .number($0.value, format: .twoDecimals)] }
        return XLSXSheet(name: "Sheet1", rows: rows, columnWidths: [36, 14], frozenRows: 1, boldRows: [0])
    }
}
