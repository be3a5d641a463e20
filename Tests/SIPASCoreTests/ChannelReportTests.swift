import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore

/// A unit's index per channel and whether channels differ. Golden p-values: two-sided z-test
/// with SE = Wilson half-width / z, computed independently with scipy (norm.ppf, norm.sf) from
/// the Wilson formula: 95/100 vs 80/100 p = 0.0010702884763843265 (also ComparisonExample's),
/// 95/100 vs 94/100 p = 0.7672627787861218, 80/100 vs 94/100 p = 0.002743975394076322.
@Suite struct ChannelReportTests {
    static func input() -> ReportInput {
        var input = ComparisonExample.input
        input.units = Array(input.units.prefix(2))
        input.channels = [
            ["paper": tally(95, of: 100), "kiosk": tally(80, of: 100), "web": tally(94, of: 100), "phone": tally(10, of: 10)],
            ["web": tally(94, of: 100), "paper": tally(95, of: 100)],
        ]
        return input
    }

    @Test func everyPairOfChannelsWithEnoughAnswersIsTestedWithinTheUnit() throws {
        let report = ReportBuilder.build(Self.input())
        let channels = try #require(report.channels)
        #expect(channels.map(\.code) == ["00001", "00002"])
        let first = channels[0]
        #expect(first.channels.map(\.channel) == ["paper", "kiosk", "web", "phone"])
        #expect(first.channels.map(\.respondents) == [100, 100, 100, 10])
        #expect(close(first.channels[0].overall.index, 95) && close(first.channels[1].overall.index, 80))
        // The Wilson interval of 95/100 (ReportBuilderTests' golden numbers).
        #expect(close(first.channels[0].overall.ciLow, 88.82495307680807) && close(first.channels[0].overall.ciHigh, 97.84563208456319))
        #expect(first.channels.map(\.tooFewRespondents) == [false, false, false, true])

        // Three pairs (phone has too few answers); Holm over the unit's three p-values.
        #expect(first.differences.map(\.channels) == [["paper", "kiosk"], ["paper", "web"], ["kiosk", "web"]])
        let p = [0.0010702884763843265, 0.7672627787861218, 0.002743975394076322]
        for (d, expected) in zip(first.differences, p) { #expect(close(d.p, expected, 1e-12)) }
        #expect(close(first.differences[0].pAdjusted, 3 * p[0], 1e-12))
        #expect(close(first.differences[2].pAdjusted, 2 * p[2], 1e-12))
        #expect(close(first.differences[1].pAdjusted, p[1], 1e-12))
        #expect(close(first.differences[0].difference, 15) && close(first.differences[2].difference, -14))
        #expect(first.differences.map(\.significant) == [true, false, true])
        #expect(first.differ)

        // One pair, alone in its family: not significant, so the channels do not differ.
        let second = channels[1]
        #expect(second.channels.map(\.channel) == ["paper", "web"])
        #expect(second.differences.count == 1 && close(second.differences[0].pAdjusted, p[1], 1e-12))
        #expect(!second.differ)
    }

    @Test func channelsAndLeftOutAnswersAreOnlyInReportsThatAskForThem() throws {
        let plain = ReportBuilder.build(ComparisonExample.input)
        #expect(plain.channels == nil && plain.excludedFlagged == nil)
        var input = Self.input()
        input.excludedFlagged = 7
        let report = ReportBuilder.build(input)
        #expect(report.excludedFlagged == 7)
        // JSON keys are always written: null when not asked for.
        let json = try #require(String(data: try JSONEncoder().encode(plain), encoding: .utf8))
        #expect(json.contains("\"channels\":null") && json.contains("\"excluded_flagged\":null"))
        let decoded = try JSONDecoder().decode(Report.self, from: try JSONEncoder().encode(report))
        #expect(decoded == report)
    }
}
