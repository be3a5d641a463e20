import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore
@testable import SIPASFiles

// MARK: - Fixtures

/// The demo report of March 2021 (260 units of Hà Tĩnh), made by `sipas report --format json`.
func sampleReport() throws -> Report {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/SIPASFilesTests/Fixtures/sample-report.json")
    return try JSONDecoder().decode(Report.self, from: Data(contentsOf: url))
}

/// Twelve months ending March 2021; the last point is the report's own province figure.
func sampleTrend(_ report: Report, language: Language) -> [TrendPoint] {
    let values: [(Double, Double, Int)] = [
        (89.42, 0.62, 11_820), (89.95, 0.58, 12_310), (90.31, 0.55, 12_904), (89.87, 0.57, 12_450), (90.66, 0.51, 13_200),
        (90.12, 0.54, 12_990), (90.94, 0.50, 13_480), (91.35, 0.48, 13_910), (91.02, 0.49, 13_700), (90.58, 0.52, 13_350),
        (90.87, 0.50, 13_820),
    ]
    var period = Period("2021-03")!
    var periods: [Period] = []
    for _ in 0..<12 {
        periods.insert(period, at: 0)
        period = period.previous
    }
    var points = zip(periods.prefix(11), values).map { p, v in
        TrendPoint(
            period: p.description, respondents: v.2, estimate: .init(index: v.0, ciLow: v.0 - v.1, ciHigh: v.0 + v.1), language: language)
    }
    let reference = report.reference
    points.append(
        TrendPoint(
            period: "2021-03", respondents: reference?.respondents ?? 0,
            estimate: reference?.overall ?? .init(index: nil, ciLow: nil, ciHigh: nil), language: language))
    return points
}

let sampleUploads = [
    UploadInfo(
        id: 101, fileName: "phieu-tong-hop-thang-3.xlsx", uploadedBy: "Nguyễn Thị Hoa (Sở Nội vụ)", uploadedAt: "2021-04-05 09:12",
        status: "accepted"),
    UploadInfo(
        id: 102, fileName: "UBND-huyen-Ky-Anh_T3.csv", uploadedBy: "Trần Văn Nam", uploadedAt: "2021-04-06 14:40", status: "accepted"),
]

func sampleInput(_ language: Language = .vi) throws -> HTMLReportInput {
    let report = try sampleReport()
    return HTMLReportInput(
        report: report, survey: sipas2017Survey(), language: language, trend: sampleTrend(report, language: language),
        uploads: sampleUploads, generatedAt: "2026-11-27 19:05 (giờ Việt Nam)")
}

let hostile = "<script>alert(1)</script>"

/// A small report from the core's builder: a unit with no questionnaires (every index nil), one
/// with too few, a unit renamed to a hostile name, a hostile upload file name, and a trend with
/// a missing month.
func smallInput(_ language: Language = .vi) -> HTMLReportInput {
    var report = ReportBuilder.build(NullsExample.input())
    report.units[0].name = hostile
    let trend = [
        TrendPoint(period: "2020-Q3", respondents: 80, estimate: .init(index: 80.5, ciLow: 75.1, ciHigh: 85.9), language: language),
        TrendPoint(period: "2020-Q4", respondents: 0, estimate: .init(index: nil, ciLow: nil, ciHigh: nil), language: language),
        TrendPoint(
            period: "2021-Q1", respondents: report.reference?.respondents ?? 0,
            estimate: report.reference?.overall ?? .init(index: nil, ciLow: nil, ciHigh: nil), language: language),
    ]
    var survey = sampleSurvey()
    survey.title = LocalizedText(vi: "Khảo sát thử & <b>đậm</b>", en: "Test survey & <b>bold</b>")
    return HTMLReportInput(
        report: report, survey: survey, language: language, trend: trend,
        uploads: [
            UploadInfo(
                id: 7, fileName: "\"><img src=x onerror=alert(2)>.xlsx", uploadedBy: "O'Brien & Co", uploadedAt: "2021-04-01 08:00",
                status: "accepted")
        ],
        generatedAt: "2026-11-27 19:05 (giờ Việt Nam)")
}

// MARK: - Helpers

func count(_ needle: String, in haystack: String) -> Int { haystack.components(separatedBy: needle).count - 1 }

/// The text of one `<section id="…">`.
func section(_ id: String, in html: String) -> String {
    guard let start = html.range(of: "<section id=\"\(id)\"") else { return "" }
    guard let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return String(html[start.lowerBound...]) }
    return String(html[start.lowerBound..<end.upperBound])
}

/// Checks that the page is self-contained and its tags balance.
func expectWellFormed(_ html: String, language: Language) {
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(count("<html", in: html) == 1)
    #expect(count("</html>", in: html) == 1)
    #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
    #expect(html.contains("<meta charset=\"utf-8\">"))
    #expect(count("<svg", in: html) == count("</svg>", in: html))
    for tag in ["section", "table", "figure", "tr", "td", "th", "g", "text", "thead", "tbody", "div", "dl", "p"] {
        #expect(count("<\(tag)>", in: html) + count("<\(tag) ", in: html) == count("</\(tag)>", in: html), "unbalanced <\(tag)>")
    }
    // Nothing from the network, no scripts.
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url("))
    #expect(!html.contains("<img"))
    let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    #expect(!withoutNamespace.contains("http://"))
    #expect(!withoutNamespace.contains("https://"))
    // No leaked debugging text.
    for bad in ["Optional(", "inf %", "infinity", "Infinity"] {
        #expect(!html.contains(bad), "contains \(bad)")
    }
    #expect(!html.contains(/\bnan\b/.ignoresCase()), "contains nan")
}

// MARK: - Tests

@Suite struct HTMLReportTests {
    @Test func sampleIsWellFormedAndComplete() throws {
        let html = try HTMLReport.render(try sampleInput())
        expectWellFormed(html, language: .vi)
        let headings = [
            "1. Tóm tắt", "2. Xếp hạng các đơn vị", "3. Bản đồ nhiệt theo yếu tố", "4. Diễn biến 12 tháng của toàn tỉnh",
            "5. Các tiêu chí thấp nhất", "6. Đơn vị có quá ít phiếu", "7. Tình hình gửi số liệu", "8. Nhận định của người dân, tổ chức",
            "9. Phương pháp và nguồn số liệu",
        ]
        #expect(headings.count == 9)
        var position = html.startIndex
        for heading in headings {
            let found = html.range(of: "<h2>\(heading)</h2>", range: position..<html.endIndex)
            #expect(found != nil, "missing or out of order: \(heading)")
            if let found { position = found.upperBound }
        }
        #expect(html.contains("<title>Báo cáo chỉ số hài lòng (SIPAS) — Tháng 3/2021</title>"))
        #expect(html.contains("@page { size: A4; margin: 15mm"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains("thead { display: table-header-group; }"))
    }

    @Test func summaryHasVietnameseNumbers() throws {
        let summary = section("summary", in: try HTMLReport.render(try sampleInput()))
        #expect(summary.contains("91,19 %"))  // 91.19169… for the province
        #expect(summary.contains("90,72–91,66"))
        #expect(summary.contains("14.274"))
        #expect(summary.contains("91,00 %"))
        #expect(summary.contains("9,12"))  // PAR points
        #expect(summary.contains("Chưa kết luận được"))
        // 2 meet, 7 miss, 242 cannot tell, 1 too few; 2 below the province, 249 not distinguishable.
        func row(_ label: String) -> String { summary.components(separatedBy: "<tr>").first { $0.contains("</span> \(label)<") } ?? "" }
        for (label, n) in [
            ("Đạt", 2), ("Không đạt", 7), ("Chưa kết luận được", 242), ("Quá ít phiếu", 1), ("Thấp hơn toàn tỉnh", 2),
            ("Không khác biệt", 249), ("Cao hơn toàn tỉnh", 0),
        ] {
            #expect(row(label).contains("<td class=\"num\">\(n)</td>"), "\(label) \(n)")
        }
        #expect(row("Thấp hơn toàn tỉnh").contains("Bảo hiểm xã hội tỉnh"))
        #expect(summary.contains("Bảo hiểm xã hội tỉnh"))
        // Largest rise and fall against February (none significant in the demo data).
        #expect(summary.contains("Tháng 2/2021"))
        #expect(summary.contains("Xã Thạch Văn"))
        #expect(summary.contains("+4,86"))
        #expect(summary.contains("Xã Hương Đô"))
        #expect(summary.contains("−3,52"))
    }

    @Test func rankingChartHasTargetLineGroupsAndTopBottom() throws {
        let ranking = section("ranking", in: try HTMLReport.render(try sampleInput()))
        #expect(count("<svg", in: ranking) == 3)  // departments, districts, communes
        #expect(ranking.contains("Mục tiêu 91,00 %"))
        #expect(ranking.contains("stroke=\"\(Palette.target)\" stroke-width=\"2\" stroke-dasharray=\"6 3\""))
        #expect(ranking.contains("đơn vị ở giữa không hiển thị"))  // 215 ranked communes
        #expect(ranking.contains("Sở Nội vụ"))  // 23 departments are all shown
        #expect(ranking.contains("<title>"))
        #expect(ranking.contains("aria-label=\"Xếp hạng cấp huyện: 13 đơn vị\""))
        #expect(ranking.contains(">50 %</text>"))
        #expect(ranking.contains(">100 %</text>"))
    }

    @Test func rankingRowsSelection() throws {
        let communes = try sampleReport().units.filter { $0.level == .commune }
        let rows = SVGCharts.rankingRows(communes)
        #expect(rows.count == 31)
        if case .gap(let n, _, _) = rows[15] {
            #expect(n == communes.filter { $0.rank != nil }.count - 30)
        } else {
            Issue.record("no gap row")
        }
        let districts = try sampleReport().units.filter { $0.level == .district }
        #expect(SVGCharts.rankingRows(districts).count == 13)
        #expect(SVGCharts.axisStart([53.3, 91]) == 50)
        #expect(SVGCharts.axisStart([38.2]) == 30)
        #expect(SVGCharts.axisStart([]) == 50)
    }

    @Test func heatMapHasEveryUnitAndReadableColours() throws {
        let input = try sampleInput()
        let heat = section("heatmap", in: try HTMLReport.render(input))
        for (element, short) in zip(input.survey.elements, ["Tiếp cận dịch vụ", "Thủ tục", "Công chức", "Kết quả", "Tiếp nhận"]) {
            #expect(heat.contains("<b>\(element.code)</b> <span>\(short)</span></th>"))
            #expect(heat.contains("<b>\(element.code)</b> \(element.title.vi)"))  // full title in the caption
        }
        #expect(HeatMap.shortTitle("Receiving and handling feedback, complaints and petitions", language: .en) == "Receiving")
        #expect(HeatMap.shortTitle("Civil servants directly handling the matter", language: .en) == "Civil servants")
        #expect(HeatMap.shortTitle("Access", language: .en) == "Access")
        #expect(count("<td class=\"name\">", in: heat) == input.report.units.count + 1)
        #expect(heat.contains("Thang màu"))
        for colour in Palette.viridis {
            let text = Palette.textColour(on: colour)
            #expect((Palette.contrast(colour, text) ?? 0) >= 4.5, "\(colour) on \(text)")
        }
        #expect(Palette.textColour(on: "#440154") == "#FFFFFF")
        #expect(Palette.textColour(on: "#FDE725") == "#000000")
        #expect(HeatMap.colour(nil) == nil)
        #expect(HeatMap.colour(91) == Palette.viridis[6])
        #expect(HeatMap.colour(12) == Palette.viridis[0])
        #expect(HeatMap.colour(100) == Palette.viridis[8])
    }

    @Test func trendChart() throws {
        let trend = section("trend", in: try HTMLReport.render(try sampleInput()))
        #expect(count("<svg", in: trend) == 1)
        #expect(trend.contains(">T4/2020</text>"))
        #expect(trend.contains(">T3/2021</text>"))
        #expect(trend.contains("<polygon"))
        #expect(trend.contains("<polyline"))
        #expect(trend.contains("Mục tiêu 91,00 %"))
        #expect(trend.contains(">91,19</text>"))
        #expect(TrendPoint.label(for: "2021-01", language: .vi) == "T1/2021")
        #expect(TrendPoint.label(for: "2021-01", language: .en) == "Jan 2021")
        #expect(TrendPoint.label(for: "2021-Q2", language: .vi) == "Q2/2021")
        #expect(TrendPoint.label(for: "x", language: .vi) == "x")
    }

    @Test func weakestCriteriaTooFewAndObservations() throws {
        let html = try HTMLReport.render(try sampleInput())
        let criteria = section("criteria", in: html)
        #expect(count("<tr><td>", in: criteria) == 5)
        #expect(criteria.contains("Cơ quan tiếp nhận, xử lý tích cực các góp ý, phản ánh, kiến nghị"))  // 5.3, lowest
        #expect(criteria.contains("85,78 %"))
        #expect(criteria.contains("Công chức hướng dẫn kê khai hồ sơ dễ hiểu"))  // 3.5, fifth
        #expect(!criteria.contains("3.4"))
        let criteriaOrder = ["5.3", "5.1", "5.2", "5.4", "3.5"].compactMap { criteria.range(of: "<td>\($0)</td>")?.lowerBound }
        #expect(criteriaOrder == criteriaOrder.sorted() && criteriaOrder.count == 5)

        let tooFew = section("too-few", in: html)
        #expect(tooFew.contains("Xã Kỳ Lạc"))
        #expect(tooFew.contains("<td class=\"num\">4</td><td class=\"num\">30</td>"))

        let observations = section("observations", in: html)
        #expect(observations.contains("Ông/Bà có nhận kết quả muộn so với ngày hẹn trả kết quả không?"))
        #expect(observations.contains("4,29 %"))  // 612 of 14,274
        #expect(observations.contains("612 / 14.274"))
        #expect(observations.contains("Công chức có gây phiền hà, sách nhiễu khi giải quyết công việc không?"))
        #expect(!observations.contains("Giới tính"))  // profile items are not observations
    }

    @Test func methodAndProvenance() throws {
        let method = section("method", in: try HTMLReport.render(try sampleInput()))
        #expect(method.contains("sipas-2017"))
        #expect(method.contains("QĐ 2640/QĐ-BNV ngày 10/10/2017"))
        #expect(method.contains("Khảo sát sự hài lòng của người dân, tổ chức"))
        #expect(method.contains("Wilson score interval"))
        #expect(method.contains("Holm-corrected"))
        #expect(method.contains("theo địa giới của kỳ báo cáo"))
        #expect(method.contains("riêng cơ quan của đơn vị"))
        #expect(method.contains("phieu-tong-hop-thang-3.xlsx"))
        #expect(method.contains("Nguyễn Thị Hoa (Sở Nội vụ)"))
        #expect(method.contains("2026-11-27 19:05 (giờ Việt Nam)"))
    }

    @Test func hostileTextIsEscaped() throws {
        let html = try HTMLReport.render(smallInput())
        expectWellFormed(html, language: .vi)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains(hostile))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.xlsx"))
        #expect(html.contains("O&#39;Brien &amp; Co"))
        #expect(html.contains("Khảo sát thử &amp; &lt;b&gt;đậm&lt;/b&gt;"))
        #expect(XMLEscaping.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
        // Decomposed Vietnamese is normalised to precomposed (NFC) text.
        #expect(XMLEscaping.escape("Xa\u{0303} Kỳ Anh") == "Xã Kỳ Anh")
    }

    @Test func nullsArePrintedAsDash() throws {
        let input = smallInput()
        let html = try HTMLReport.render(input)
        // Xã C has no questionnaires: every index is nil.
        let heat = section("heatmap", in: html)
        guard let row = heat.components(separatedBy: "\n").first(where: { $0.contains(">Xã C ") }) else {
            Issue.record("no row for Xã C")
            return
        }
        #expect(count("<td class=\"v muted\">–</td>", in: row) == 1 + input.survey.elements.count)
        #expect(section("too-few", in: html).contains("<td class=\"num\">0</td><td class=\"num\">30</td><td class=\"num\">–</td>"))
        // The missing quarter of the trend is a gap with a dash.
        let trend = section("trend", in: html)
        #expect(trend.contains(">–</text>"))
        #expect(trend.contains(">Q2/2020</text>") == false)
        #expect(trend.contains(">Q4/2020</text>"))
        #expect(Words(language: .vi).interval(nil, 3) == "–")
        #expect(Words(language: .vi).signed(nil) == "–")
    }

    /// The hand-counted completeness of `CompletenessExample`: a row per area with its rates,
    /// the total, and the units that sent nothing, named (and escaped).
    @Test func completenessSection() throws {
        var input = try sampleInput()
        // The demo report was written before reports carried completeness: the section says why it is empty.
        let absent = section("completeness", in: try HTMLReport.render(input))
        #expect(absent.contains("<h2>7. Tình hình gửi số liệu</h2>"))
        #expect(absent.contains("chỉ được tính cho báo cáo của một tháng hoặc một quý"))
        #expect(!absent.contains("<table"))

        input.report.completeness = CompletenessExample.completeness(missingName: hostile)
        let html = try HTMLReport.render(input)
        expectWellFormed(html, language: .vi)
        let vi = section("completeness", in: html)
        #expect(vi.contains("hết ngày 05/04/2021"))
        #expect(
            vi.contains(
                "<tr><td>436 Thành phố Hà Tĩnh</td><td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">75,00 %</td><td class=\"num\">50,00 %</td></tr>"
            ))
        #expect(
            vi.contains(
                "<tr><td>437 Thị xã Hồng Lĩnh</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">66,67 %</td><td class=\"num\">66,67 %</td></tr>"
            ))
        #expect(
            vi.contains(
                "<td class=\"num\"><b>8</b></td><td class=\"num\"><b>5</b></td><td class=\"num\"><b>1</b></td><td class=\"num\"><b>2</b></td><td class=\"num\"><b>75,00 %</b></td><td class=\"num\"><b>62,50 %</b></td>"
            ))
        #expect(
            vi.contains(
                "<tr><td>436 Thành phố Hà Tĩnh</td><td>18073</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>Cấp xã</td></tr>"))
        #expect(vi.contains("<tr><td>437 Thị xã Hồng Lĩnh</td><td>437</td><td>Thị xã Hồng Lĩnh</td><td>Cấp huyện</td></tr>"))
        #expect(!html.contains(hostile))
        #expect(!vi.contains("Chỉ tính các đơn vị thuộc"))

        var english = try sampleInput(.en)
        english.report.completeness = CompletenessExample.completeness(within: ["436"])
        let en = section("completeness", in: try HTMLReport.render(english))
        #expect(en.contains("<h2>7. Reporting completeness</h2>") && en.contains("received by 2021-04-05"))
        #expect(en.contains("Only units under: 436."))
        #expect(en.contains("<td class=\"num\">75.00 %</td><td class=\"num\">50.00 %</td>"))
        #expect(!en.contains("437"))

        input.report.completeness = CompletenessExample.completeness(within: ["18100"])
        #expect(section("completeness", in: try HTMLReport.render(input)).contains("Mọi đơn vị phải gửi đã gửi số liệu."))
    }

    @Test func englishVariant() throws {
        let html = try HTMLReport.render(try sampleInput(.en))
        expectWellFormed(html, language: .en)
        let headings = [
            "1. Summary", "2. Ranking of units", "3. Heat map by element", "4. The province over 12 months", "5. Weakest criteria",
            "6. Units with too few responses", "7. Reporting completeness", "8. Observations", "9. Method and provenance",
        ]
        for heading in headings { #expect(html.contains("<h2>\(heading)</h2>")) }
        #expect(html.contains("<title>Satisfaction index report (SIPAS) — March 2021</title>"))
        #expect(html.contains("91.19 %"))
        #expect(html.contains("14,274"))
        #expect(html.contains("Target 91.00 %"))
        #expect(html.contains(">Mar 2021</text>"))
        #expect(html.contains("Did you receive the result later than the date in the appointment slip?"))
        #expect(!html.contains("Tóm tắt"))
        #expect(!html.contains("91,19 %"))
        // Unit names stay as they are.
        #expect(html.contains("Sở Nội vụ"))
    }

    @Test func smallReportInEnglishAndCustomTitle() throws {
        var input = smallInput(.en)
        input.title = "Q1 & more"
        let html = try HTMLReport.render(input)
        expectWellFormed(html, language: .en)
        #expect(html.contains("<title>Q1 &amp; more</title>"))
        #expect(html.contains("<h1>Q1 &amp; more</h1>"))
        #expect(html.contains("Too few responses"))
    }

    @Test func degenerateInputs() throws {
        var input = smallInput()
        input.report.reference = nil
        input.trend = []
        input.uploads = []
        input.report.units = []
        let html = try HTMLReport.render(input)
        expectWellFormed(html, language: .vi)
        #expect(html.contains("Không có số liệu các tháng trước."))
        #expect(html.contains("Không có đơn vị nào được xếp hạng."))
        #expect(html.contains("Không có thông tin tệp tải lên."))
        #expect(html.contains("Báo cáo không có đơn vị."))
    }

    @Test func renderingIsPure() throws {
        let input = try sampleInput()
        #expect(try HTMLReport.render(input) == HTMLReport.render(input))
    }

    @Test func navigationOnlyWhenAsked() throws {
        var input = smallInput()
        #expect(try !HTMLReport.render(input).contains("<nav"))
        input.navigation = ReportNavigation(
            home: "/", choose: "/reports",
            downloads: [
                .init(label: "XLSX", href: "/reports?survey=a&period=2021-03&format=xlsx"), .init(label: "CSV", href: "/x?\"><b>"),
            ])
        let html = try HTMLReport.render(input)
        expectWellFormed(html, language: .vi)
        #expect(html.contains("<body>\n<nav class=\"sipas-bar\""))
        #expect(html.contains("<a style=\"color:#fff\" href=\"/reports\">Chọn kỳ khác</a> · Tải về: "))
        #expect(html.contains("href=\"/reports?survey=a&amp;period=2021-03&amp;format=xlsx\">XLSX</a> · <a"))
        #expect(html.contains("href=\"/x?&quot;&gt;&lt;b&gt;\">CSV</a></nav>\n<main>"))
    }
}
