import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore

/// Rankings, groups and Holm families within one level; completeness; the verdict for
/// questionnaires without valid answers; changes after Holm (SIPAS.md §5.1).
@Suite struct ReportLevelTests {
    static func unit(_ code: String, _ level: UnitLevel) -> ReportUnit { ReportUnit(code: code, name: "Đơn vị \(code)", level: level) }

    /// Departments and communes of one report (one-criterion survey, like ComparisonExample).
    static var mixed: [ReportEntry] {
        [
            ReportEntry(unit: unit("SNV", .department), counts: tally(70, of: 100)),
            ReportEntry(unit: unit("STP", .department), counts: tally(98, of: 100)),
            ReportEntry(unit: unit("00001", .commune), counts: tally(95, of: 100)),
            ReportEntry(unit: unit("00002", .commune), counts: tally(80, of: 100)),
            ReportEntry(unit: unit("00003", .commune), counts: tally(60, of: 100)),
        ]
    }

    static func build(_ units: [ReportEntry], survey: Survey = oneCriterionSurvey()) -> Report {
        ReportBuilder.build(
            ReportInput(
                survey: survey, period: "2021-03", units: units, previousPeriod: "2021-02",
                reference: ReportEntry(unit: ReportUnit(code: "42", name: "Tỉnh", level: .province), counts: tally(403, of: 500))))
    }

    @Test func eachLevelHasItsOwnRankingAndHolmFamily() {
        let report = Self.build(Self.mixed)
        // Departments: 98 % first, 70 % second; communes 95, 80, 60 → 1, 2, 3 — never one ranking of five.
        #expect(report.units.map(\.rank) == [2, 1, 1, 2, 3])
        // Each level's adjusted p-values are those of a report of that level alone.
        let departments = Self.build(Array(Self.mixed.prefix(2)))
        let communes = Self.build(Array(Self.mixed.suffix(3)))
        #expect(report.units.prefix(2).map(\.comparison) == departments.units.map(\.comparison))
        #expect(report.units.suffix(3).map(\.comparison) == communes.units.map(\.comparison))
        #expect(report.units.prefix(2).map(\.group) == departments.units.map(\.group))
        #expect(report.units.suffix(3).map(\.group) == communes.units.map(\.group))
        #expect(report.method.comparison.contains("Within each level"))
    }

    @Test func aDistrictAreaIsNotRankedBesideItsCommunes() {
        let communes = Array(Self.mixed.suffix(3))
        let area = ReportEntry(unit: Self.unit("436", .district), counts: communes.reduce(ItemCounts()) { $0 + $1.counts })
        let report = Self.build([area] + communes)
        #expect(report.units.map(\.rank) == [1, 1, 2, 3])
        #expect(report.units[0].group == 1)
        #expect(report.units.suffix(3).map(\.rank) == Self.build(communes).units.map(\.rank))
    }

    @Test func incompleteUnitsSayWhatIsMissingAndAreNotRanked() throws {
        let report = ReportBuilder.build(NullsExample.input())
        // B: 1.2 has only "no answer".
        let b = report.units[1]
        #expect(b.overall.index != nil && b.overall.missing == ["1.2"])
        #expect(b.elements.map(\.missing) == [["1.2"], []])
        #expect(b.rank == nil && b.group == nil)
        let a = report.units[0]
        #expect(a.overall.missing.isEmpty && a.elements.allSatisfy { $0.missing.isEmpty } && a.rank == 1)
        // In the JSON: always present, an empty array when complete.
        let root = try #require(try JSONSerialization.jsonObject(with: try report.jsonData()) as? [String: Any])
        let units = try #require(root["units"] as? [[String: Any]])
        #expect((units[0]["overall"] as? [String: Any])?["missing"] as? [String] == [])
        #expect((units[1]["overall"] as? [String: Any])?["missing"] as? [String] == ["1.2"])

        // The survey may rank them all the same.
        var input = NullsExample.input()
        input.survey.index.rankIncomplete = true
        let ranked = ReportBuilder.build(input)
        #expect(ranked.units[1].rank != nil && ranked.units[1].overall.missing == ["1.2"])
        #expect(!ranked.method.comparison.contains("not ranked."))
    }

    @Test func pooledElementsListMissingCriteriaToo() {
        var survey = sampleSurvey()
        survey.index.elementRule = .pooled
        let counts = ItemCounts(["questionnaires": ["": 40], "1.1": ["4": 40], "1.2": ["na": 40], "2.1": ["5": 40]])
        let result = IndexCalculator(survey: survey).compute(counts)
        #expect(result.elements[0].missing == ["1.2"] && result.missing == ["1.2"])
        #expect(result.elements[0].estimate.index == 100)
    }

    @Test func questionnairesWithoutValidAnswersHaveTheirOwnVerdict() {
        let counts = ItemCounts(["questionnaires": ["": 40], "1.1": ["na": 40], "1.2": ["na": 40], "2.1": ["na": 40]])
        let result = IndexCalculator(survey: sampleSurvey()).compute(counts)
        #expect(result.overall == .none && !result.tooFewResponses)
        #expect(Verdict.of(result, target: 91) == .noValidAnswers)
        // Fewer than the minimum but none valid: still "no valid answers"; nobody at all: too few.
        let few = IndexCalculator(survey: sampleSurvey()).compute(ItemCounts(["questionnaires": ["": 3], "1.1": ["na": 3]]))
        #expect(Verdict.of(few, target: 91) == .noValidAnswers)
        let none = IndexCalculator(survey: sampleSurvey()).compute(ItemCounts(["questionnaires": ["": 0]]))
        #expect(Verdict.of(none, target: 91) == .tooFewResponses)
        #expect(Verdict.noValidAnswers.rawValue == "no_valid_answers")
    }

    /// Three communes, each 80 of 100 the month before, now 95, 90 and 86 of 100; a department
    /// 80 → 95 alone in its level. Python (statsmodels Wilson, half-width / z, scipy normal):
    /// raw p 0.0010702884763843265, 0.045352539241316644, 0.2550071550441789;
    /// `multipletests(p, method="holm")` 0.0032108654291529795, 0.09070507848263329, 0.2550071550441789.
    @Test func changesAreFlaggedAfterHolmWithinTheLevel() throws {
        let units = [
            ReportEntry(unit: Self.unit("00001", .commune), counts: tally(95, of: 100), previous: tally(80, of: 100)),
            ReportEntry(unit: Self.unit("00002", .commune), counts: tally(90, of: 100), previous: tally(80, of: 100)),
            ReportEntry(unit: Self.unit("00003", .commune), counts: tally(86, of: 100), previous: tally(80, of: 100)),
            ReportEntry(unit: Self.unit("SNV", .department), counts: tally(95, of: 100), previous: tally(80, of: 100)),
            ReportEntry(unit: Self.unit("00004", .commune), counts: tally(10, of: 10), previous: tally(8, of: 10)),
        ]
        let changes = Self.build(units).units.map(\.change.previous)
        let raw = [0.0010702884763843265, 0.045352539241316644, 0.2550071550441789]
        let holm = [0.0032108654291529795, 0.09070507848263329, 0.2550071550441789]
        for i in 0..<3 {
            let change = try #require(changes[i])
            #expect(close(change.p, raw[i], 1e-12) && close(change.pAdjusted, holm[i], 1e-12))
        }
        // 90 after 80: p 0.045 alone would be significant; after Holm over the three it is not.
        #expect(changes.prefix(3).map { $0?.significant } == [true, false, false])
        // The department is a family of one: adjusted = raw.
        #expect(close(changes[3]?.pAdjusted, raw[0], 1e-12) && changes[3]?.significant == true)
        // Too few responses: the raw p is kept, no adjusted p, never significant.
        #expect(changes[4] != nil && changes[4]?.pAdjusted == nil && changes[4]?.significant == false)
    }
}
