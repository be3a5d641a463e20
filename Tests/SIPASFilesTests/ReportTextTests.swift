import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

@Suite struct NumberFormattingTests {
    @Test(arguments: [
        (91.17, "91,17 %"),
        (91.175, "91,18 %"),  // half up on the decimal text, though the double is 91.17499999…
        (91.165, "91,17 %"),
        (91.174999, "91,17 %"),
        (99.995, "100,00 %"),  // the carry reaches the integer part
        (100, "100,00 %"),
        (0, "0,00 %"),
        (0.005, "0,01 %"),
        (0.00005, "0,00 %"),  // "5e-05" as text
        (-0.001, "0,00 %"),  // no minus zero
        (91, "91,00 %"),
    ])
    func vietnamesePercent(pair: (Double, String)) {
        #expect(NumberFormatting.percent(pair.0, language: .vi) == pair.1)
    }

    @Test func englishAndMissing() {
        #expect(NumberFormatting.percent(91.17, language: .en) == "91.17 %")
        #expect(NumberFormatting.percent(nil, language: .vi) == "–")
        #expect(NumberFormatting.percent(.nan, language: .vi) == "–")
        #expect(NumberFormatting.decimal(nil, digits: 2, language: .en) == "–")
    }

    @Test func decimalsAndThousands() {
        // Hà Tĩnh 2021 (SIPAS.md §1): 91.17 × 10 / 100 = 9.117 → 9,12 points.
        #expect(NumberFormatting.decimal(91.17 * 10 / 100, digits: 2, language: .vi) == "9,12")
        #expect(NumberFormatting.decimal(-1.235, digits: 2, language: .vi) == "-1,24")
        #expect(NumberFormatting.decimal(1_234_567.891, digits: 2, language: .vi) == "1.234.567,89")
        #expect(NumberFormatting.decimal(1_234_567.891, digits: 2, language: .en) == "1,234,567.89")
        #expect(NumberFormatting.decimal(9.5, digits: 0, language: .vi) == "10")
        #expect(NumberFormatting.decimal(2.5e20, digits: 1, language: .en) == "250,000,000,000,000,000,000.0")
        #expect(NumberFormatting.integer(6550, language: .vi) == "6.550")
        #expect(NumberFormatting.integer(35268, language: .en) == "35,268")
        #expect(NumberFormatting.integer(765, language: .vi) == "765")
    }
}

@Suite struct ReportTextTests {
    static var report: Report { ReportBuilder.build(ComparisonExample.input) }

    func tableLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func vietnameseTableInRankOrder() throws {
        var input = ComparisonExample.input
        // Rank order differs from input order: put the best unit last.
        input.units.append(input.units.removeFirst())
        let text = ReportText.render(ReportBuilder.build(input), survey: oneCriterionSurvey(), language: .vi)
        let lines = tableLines(text)
        #expect(lines[0] == "Khảo sát một câu — Tháng 3/2021")
        #expect(lines[1] == "Mục tiêu: 85,00 %")
        // Reference 255/310 = 82.258…, Wilson 77.6183…–86.1081… (statsmodels, see ComparisonExample),
        // bounds rounded outward.
        #expect(lines[2] == "Đối chiếu: 42 Tỉnh Hà Tĩnh — 310 phiếu — 82,26 % (77,61–86,11)")

        let header = try #require(lines.firstIndex { $0.hasPrefix("Hạng") })
        let rows = Array(lines[(header + 1)...(header + 4)])
        #expect(rows.map { $0.contains("00001") } == [true, false, false, false])
        #expect(rows.map { $0.contains("00002") } == [false, true, false, false])
        #expect(rows.map { $0.contains("00003") } == [false, false, true, false])
        #expect(rows.map { $0.contains("00004") } == [false, false, false, true])
        // Rank and group first: 1/1, 2/2, 3/2, unranked.
        #expect(rows.map { $0.split(separator: " ").prefix(2).joined(separator: "/") } == ["1/1", "2/2", "3/2", "–/–"])
        // Wilson 95/100 = 88.8249…–97.8456…, 80/100 = 71.1170…–86.6633… (statsmodels), rounded outward.
        #expect(rows[0].contains("95,00 % (88,82–97,85)") && rows[0].contains("Đạt") && rows[0].contains("Cao hơn toàn tỉnh"))
        #expect(rows[1].contains("80,00 % (71,11–86,67)") && rows[1].contains("Chưa kết luận được") && rows[1].contains("Không khác biệt"))
        #expect(rows[2].contains("Không đạt") && rows[2].contains("Thấp hơn toàn tỉnh"))
        #expect(rows[3].contains("Quá ít phiếu"))
        #expect(text.contains("Quá ít phiếu (dưới 30 phiếu, không xếp hạng, không kết luận): 00004 Xã Ẩn"))
        #expect(text.contains("Đơn vị cũ không chuyển được sang địa giới mới: 18448 Xã Bình Lộc"))
    }

    @Test func columnsAlignByCharacters() throws {
        var input = ComparisonExample.input
        // A decomposed (NFD) name: more scalars than Characters.
        input.units[1].unit.name = "Xã Kỳ Anh".decomposedStringWithCanonicalMapping
        let text = ReportText.render(ReportBuilder.build(input), survey: oneCriterionSurvey(), language: .vi)
        let lines = tableLines(text)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Hạng") })
        let table = Array(lines[header...(header + 4)])
        // The verdict column is left-aligned: every row's verdict starts where the header's does.
        let labels = ["Kết luận", "Đạt", "Chưa kết luận được", "Không đạt", "Quá ít phiếu"]
        let offsets = try table.map { line in
            let label = try #require(labels.first { line.contains($0) && !(line.hasPrefix("Hạng") && $0 != "Kết luận") })
            let range = try #require(line.range(of: label))
            return line.distance(from: line.startIndex, to: range.lowerBound)
        }
        #expect(Set(offsets).count == 1, "\(offsets)")
        // Names are printed in NFC.
        let nfc = Array("Xã Kỳ Anh".precomposedStringWithCanonicalMapping.utf8)
        #expect(Array(text.utf8).firstRange(of: nfc) != nil)
    }

    @Test func englishTable() {
        let text = ReportText.render(Self.report, survey: oneCriterionSurvey(), language: .en)
        #expect(text.hasPrefix("One-question survey — March 2021\nTarget: 85.00 %\n"))
        #expect(text.contains("95.00 % (88.82–97.85)") && text.contains("Meets") && text.contains("Above the province"))
        #expect(text.contains("Too few responses (fewer than 30, not ranked, no verdict): 00004 Xã Ẩn"))
    }

    @Test func periodLabels() {
        #expect(ReportText.periodLabel("2021-Q1", .vi) == "Quý 1/2021")
        #expect(ReportText.periodLabel("2021", .vi) == "Năm 2021")
        #expect(ReportText.periodLabel("2021-01..2021-06", .vi) == "Tháng 1/2021 – Tháng 6/2021")
        #expect(ReportText.periodLabel("whenever", .vi) == "whenever")
    }

    /// Units ranked within their level; incomplete units and units without valid answers are
    /// said so in the text and in the spreadsheet's note column.
    @Test func levelsIncompleteAndNoValidAnswers() throws {
        var input = NullsExample.input()
        input.units.append(
            ReportEntry(unit: commune("00005", "Xã E"), counts: ItemCounts(["questionnaires": ["": 40], "1.1": ["na": 40]])))
        input.units.insert(ReportEntry(unit: ReportUnit(code: "SNV", name: "Sở Nội vụ", level: .department), counts: NullsExample.a), at: 0)
        let report = ReportBuilder.build(input)
        let text = ReportText.render(report, survey: sampleSurvey())
        #expect(text.contains("Chỉ số thiếu tiêu chí (không có câu trả lời hợp lệ), không xếp hạng:\n  00002 Xã B: 1.2"))
        #expect(
            text.contains(
                "Không có câu trả lời hợp lệ (có phiếu nhưng mọi tiêu chí đều bỏ trống, không xếp hạng, không kết luận): 00005 Xã E"))
        // Two rank-1 units, one per level: the department first, then the commune.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Hạng") })
        #expect(lines[header + 1].contains("SNV") && lines[header + 1].hasPrefix("   1"))
        #expect(lines[header + 2].contains("00001") && lines[header + 2].hasPrefix("   1"))

        let units = try #require(ReportTables.tables(report, survey: sampleSurvey()).first { $0.name == "units" })
        #expect(units.header.last == "Ghi chú")
        let b = try #require(units.rows.first { $0.first == .text("00002") })
        #expect(b.last == .text("Thiếu tiêu chí (không có câu trả lời hợp lệ): 1.2"))
        #expect(units.rows.first { $0.first == .text("00001") }?.last == .empty)
    }

    /// The completeness of `CompletenessExample` (counted by hand there): a line for all units,
    /// one per area with the units that sent nothing; the spreadsheet's two tables.
    @Test func completenessLinesAndTables() throws {
        var input = ComparisonExample.input
        let plain = ReportText.render(ReportBuilder.build(input), survey: oneCriterionSurvey(), language: .vi)
        #expect(!plain.contains("Tình hình gửi số liệu"))
        input.completeness = CompletenessExample.completeness()
        let report = ReportBuilder.build(input)
        let text = ReportText.render(report, survey: oneCriterionSurvey(), language: .vi)
        #expect(text.hasPrefix(plain.dropLast()))
        #expect(
            text.hasSuffix(
                """

                Tình hình gửi số liệu (hạn 05/04/2021): 6/8 (75,00 %), đúng hạn 5, muộn 1, chưa gửi 2
                  42 Tỉnh Hà Tĩnh: 1/1 (100,00 %), đúng hạn 1, muộn 0, chưa gửi 0
                  436 Thành phố Hà Tĩnh: 3/4 (75,00 %), đúng hạn 2, muộn 1, chưa gửi 1: 18073 Phường Nam Hà
                  437 Thị xã Hồng Lĩnh: 2/3 (66,67 %), đúng hạn 2, muộn 0, chưa gửi 1: 437 Thị xã Hồng Lĩnh

                """))
        input.completeness = CompletenessExample.completeness(within: ["436"])
        let english = ReportText.render(ReportBuilder.build(input), survey: oneCriterionSurvey(), language: .en)
        #expect(
            english.hasSuffix(
                """
                Reporting (due 2021-04-05): 3 of 4 (75.00 %), on time 2, late 1, missing 1 — only units under 436
                  436 Thành phố Hà Tĩnh: 3 of 4 (75.00 %), on time 2, late 1, missing 1: 18073 Phường Nam Hà

                """))

        let tables = ReportTables.tables(report, survey: oneCriterionSurvey(), language: .vi)
        #expect(tables.map(\.name) == ReportTables.names)
        let areas = try #require(tables.first { $0.name == "completeness" })
        #expect(areas.rows.count == 4)
        #expect(
            areas.rows[1] == [
                .text("436"), .text("Thành phố Hà Tĩnh"), .number(4, format: .integer), .number(3, format: .integer),
                .number(2, format: .integer), .number(1, format: .integer), .number(1, format: .integer), .number(75, format: .twoDecimals),
                .number(50, format: .twoDecimals),
            ])
        #expect(areas.rows[3].prefix(3) == [.text(""), .text("Tổng cộng"), .number(8, format: .integer)])
        #expect(areas.rows[3].suffix(2) == [.number(75, format: .twoDecimals), .number(62.5, format: .twoDecimals)])
        let missing = try #require(tables.first { $0.name == "missing" })
        #expect(
            missing.rows == [
                [.text("18073"), .text("Phường Nam Hà"), .text("Cấp xã"), .text("436"), .text("Thành phố Hà Tĩnh")],
                [.text("437"), .text("Thị xã Hồng Lĩnh"), .text("Cấp huyện"), .text("437"), .text("Thị xã Hồng Lĩnh")],
            ])
        let summary = try #require(tables.first { $0.name == "summary" })
        #expect(summary.rows.contains([.text("Tỉ lệ đơn vị đã gửi (%)"), .number(75, format: .twoDecimals)]))
        // Without completeness (a year, a span): the two tables are there, empty.
        let none = ReportTables.tables(ReportBuilder.build(ComparisonExample.input), survey: oneCriterionSurvey(), language: .vi)
        #expect(none.filter { ["completeness", "missing"].contains($0.name) }.map(\.rows.count) == [0, 0])
    }
}
