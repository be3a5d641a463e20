import SIPASTestSupport
import Testing

@testable import SIPASCore

@Suite struct SeriesMapperTests {
    /// A newer survey continuing sampleSurvey(): A ← 1 (A1 ← 1.1; A2 is new), B ← 2 (B1 ← 2.1),
    /// C is new (C1 points at 9.9, which the earlier survey does not have).
    static func newer(series: SeriesMapping?) -> Survey {
        func item(_ code: String) -> SurveyItem {
            SurveyItem(code: code, kind: .satisfaction, group: .criterion, text: LocalizedText(vi: code, en: code))
        }
        return Survey(
            code: "test-survey-2", version: 1, title: LocalizedText(vi: "Mới", en: "New"), source: "test",
            elements: [
                SurveyElement(code: "A", title: LocalizedText(vi: "A", en: "A"), items: [item("A1"), item("A2")]),
                SurveyElement(code: "B", title: LocalizedText(vi: "B", en: "B"), items: [item("B1")]),
                SurveyElement(code: "C", title: LocalizedText(vi: "C", en: "C"), items: [item("C1")]),
            ],
            series: series)
    }

    static let series = SeriesMapping(
        survey: "test-survey", elements: ["A": "1", "B": "2"], items: ["A1": "1.1", "B1": "2.1", "C1": "9.9"])

    @Test func partialMapping() {
        let earlier = IndexCalculator(survey: sampleSurvey()).compute(ReportBuilderTests.x)
        let (elements, criteria, unmapped) = SeriesMapper.translate(earlier, into: Self.newer(series: Self.series))
        #expect(elements.map(\.code) == ["A", "B"])
        #expect(elements[0].estimate == earlier.elements[0].estimate)  // element 1: 62.5
        #expect(elements[1].estimate == earlier.elements[1].estimate)  // element 2: 100
        #expect(criteria.map(\.code) == ["A1", "B1"])
        #expect(criteria[0].estimate.index == 75 && criteria[0].satisfied == 30 && criteria[0].valid == 40)
        #expect(criteria[1].estimate == earlier.criteria[2].estimate)
        // New element C, new item A2, and C1 whose earlier code does not exist.
        #expect(unmapped == ["C", "A2", "C1"])
    }

    /// Two steps back: test-survey-2 v2 → test-survey-2 v1 (A2 renamed from A1, D dropped) →
    /// test-survey. Codes the second step does not map are left out, not guessed.
    @Test func mappingsChain() {
        let newer = SeriesMapping(
            survey: "test-survey-2", version: 1, elements: ["A": "A", "B": "B", "D": "D"],
            items: ["A1": "A2", "B1": "B1", "C1": "C1", "D1": "D1"])
        let chained = newer.then(Self.series)
        #expect(chained.survey == "test-survey" && chained.version == nil)
        #expect(chained.elements == ["A": "1", "B": "2"])
        #expect(chained.items == ["B1": "2.1", "C1": "9.9"])
        // Translating an earlier result through the chain uses the chained codes.
        let earlier = IndexCalculator(survey: sampleSurvey()).compute(ReportBuilderTests.x)
        let (elements, criteria, unmapped) = SeriesMapper.translate(earlier, into: Self.newer(series: newer), through: chained)
        #expect(elements.map(\.code) == ["A", "B"])
        #expect(criteria.map(\.code) == ["B1"])
        #expect(criteria[0].estimate == earlier.criteria[2].estimate)
        #expect(unmapped == ["C", "A1", "A2", "C1"])
    }

    @Test func withoutSeriesEverythingIsUnmapped() {
        let earlier = IndexCalculator(survey: sampleSurvey()).compute(ReportBuilderTests.x)
        let (elements, criteria, unmapped) = SeriesMapper.translate(earlier, into: Self.newer(series: nil))
        #expect(elements.isEmpty && criteria.isEmpty)
        #expect(unmapped == ["A", "B", "C", "A1", "A2", "B1", "C1"])
    }
}
