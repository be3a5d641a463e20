import SIPASTestSupport
import Testing

@testable import SIPASCore

@Suite struct SurveyValidationTests {
    @Test func sampleIsValid() {
        #expect(sampleSurvey().problems() == [])
        #expect(sampleSurvey().allItems.map(\.code) == ["1.1", "1.2", "2.1", "obs.late", "gender"])
    }

    @Test func duplicateItemCodesAreNamed() {
        var survey = sampleSurvey()
        survey.elements[1].items[0].code = "1.1"
        let problems = survey.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.path == "elements.1.items.0.code")
        #expect(problems.first?.message.contains("already used at elements.0.items.0.code") == true)
    }

    @Test func elementCodeMayNotRepeatAnItemCode() {
        var survey = sampleSurvey()
        survey.items[1].code = "2"
        #expect(survey.problems().map(\.path) == ["items.1.code"])
    }

    @Test func elementWithoutItems() {
        var survey = sampleSurvey()
        survey.elements[1].items = []
        #expect(survey.problems().map(\.path) == ["elements.1.items"])
    }

    @Test func criteriaMustBeSatisfactionItems() {
        var survey = sampleSurvey()
        survey.elements[0].items[1].kind = .yesNo
        survey.elements[0].items[1].options = [
            ItemOption(code: "yes", label: .init(vi: "Có", en: "")), ItemOption(code: "no", label: .init(vi: "Không", en: "")),
        ]
        #expect(survey.problems().map(\.path).contains("elements.0.items.1.kind"))
    }

    @Test(arguments: [[0], [4, 6], [4, 4], []])
    func satisfiedLevelsMustLieOnTheScale(levels: [Int]) {
        var survey = sampleSurvey()
        survey.index.satisfiedLevels = levels
        #expect(survey.problems().allSatisfy { $0.path.hasPrefix("index.satisfied_levels") })
        #expect(!survey.problems().isEmpty)
    }

    @Test func directItemNeedsASatisfactionItem() {
        var survey = sampleSurvey()
        survey.index.overallRule = .directItem
        #expect(survey.problems().map(\.path) == ["index.overall_rule"])
        survey.index.overallItem = "obs.late"
        #expect(survey.problems().map(\.path) == ["index.overall_item"])
        survey.index.overallItem = "nope"
        #expect(survey.problems().map(\.path) == ["index.overall_item"])
        survey.index.overallItem = "1.1"
        #expect(survey.problems() == [])
    }

    @Test func partsMustBeDeclaredAndUsed() {
        var survey = sampleSurvey()
        survey.index.overallRule = .meanOfParts
        #expect(survey.problems().map(\.path) == ["index.overall_rule"])
        survey.parts = [
            SurveyPart(code: "policy", title: .init(vi: "Chính sách", en: "")),
            SurveyPart(code: "service", title: .init(vi: "Dịch vụ", en: "")),
        ]
        survey.elements[0].part = "policy"
        survey.elements[1].part = "services"
        let paths = survey.problems().map(\.path)
        #expect(paths.contains("elements.1.part"))
        #expect(paths.contains("parts.1"))
        survey.elements[1].part = "service"
        #expect(survey.problems() == [])
    }

    @Test func choiceItemsNeedDistinctOptions() {
        var survey = sampleSurvey()
        survey.items.append(
            SurveyItem(
                code: "exp", kind: .multipleChoice, group: .expectation, text: .init(vi: "Mong đợi", en: ""),
                options: [ItemOption(code: "a", label: .init(vi: "A", en: "")), ItemOption(code: "a", label: .init(vi: "B", en: ""))]))
        #expect(survey.problems().map(\.path) == ["items.2.options.1.code"])
        survey.items[2].options = [ItemOption(code: "a", label: .init(vi: "A", en: ""))]
        #expect(survey.problems().map(\.path) == ["items.2.options"])
    }

    @Test func yesNoItemsHaveYesAndNo() {
        var survey = sampleSurvey()
        survey.items[0].options = [ItemOption(code: "co", label: .init(vi: "Có", en: ""))]
        #expect(survey.problems().map(\.path) == ["items.0.options"])
    }

    @Test func reservedAndMalformedCodes() {
        var survey = sampleSurvey()
        survey.items[1].code = "questionnaires"
        survey.elements[0].items[0].code = "1 1"
        let paths = survey.problems().map(\.path)
        #expect(paths.contains("items.1.code"))
        #expect(paths.contains("elements.0.items.0.code"))
    }

    @Test func surveyCodeAndTitles() {
        var survey = sampleSurvey()
        survey.code = "SIPAS 2017"
        survey.title.en = " "
        survey.version = 0
        #expect(Set(survey.problems().map(\.path)) == ["code", "title.en", "version"])
    }

    @Test func seriesMapsOnlyExistingCodes() {
        var survey = sampleSurvey()
        survey.series = SeriesMapping(survey: "sipas-2017", elements: ["1": "1", "9": "5"], items: ["1.1": "1.1", "x": "1.2"])
        #expect(survey.problems().map(\.path) == ["series.elements.9", "series.items.x"])
    }

    /// A survey continues itself only as a new wording: an earlier version, named.
    @Test func seriesOfTheSameCodeNamesAnEarlierVersion() {
        var survey = sampleSurvey()
        survey.version = 2
        survey.series = SeriesMapping(survey: survey.code, version: 1, items: ["1.1": "1.1"])
        #expect(survey.problems().isEmpty)
        survey.series?.version = nil  // its latest version: itself
        #expect(survey.problems().map(\.path) == ["series.survey"])
        survey.series?.version = 2
        #expect(survey.problems().map(\.path) == ["series.version"])
        survey.series?.version = 3
        #expect(survey.problems().map(\.path) == ["series.version"])
        survey.series = SeriesMapping(survey: "sipas-2017", version: 0)
        #expect(survey.problems().map(\.path) == ["series.version"])
        survey.series = SeriesMapping(survey: "sipas-2017", version: 5)  // another survey: any version
        #expect(survey.problems().isEmpty)
    }

    @Test func targetAndWeights() {
        var survey = sampleSurvey()
        survey.index.target = 120
        survey.index.parWeight = 0
        survey.index.confidence = 1
        #expect(Set(survey.problems().map(\.path)) == ["index.target", "index.par_weight", "index.confidence"])
    }
}
