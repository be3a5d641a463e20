import SIPASTestSupport
import Testing

@testable import SIPASCore

/// Golden numbers by hand: each index is an exact fraction written out in the test.
@Suite struct IndexCalculatorTests {
    /// 40 questionnaires. 1.1: levels 1,2,3,4,5 = 1,2,5,20,10 and 2 no answer → 30 of 38.
    /// 1.2: 20 at level 3, 10 at 4, 10 at 5 → 20 of 40. 2.1: all 40 at level 5 → 40 of 40.
    static let counts = ItemCounts([
        "questionnaires": ["": 40],
        "1.1": ["1": 1, "2": 2, "3": 5, "4": 20, "5": 10, "na": 2],
        "1.2": ["3": 20, "4": 10, "5": 10],
        "2.1": ["5": 40],
        "obs.late": ["yes": 3, "no": 37],
        "gender": ["male": 15, "female": 20, "na": 5],
    ])

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) < tolerance
    }

    @Test func criterionElementAndOverallByDefault() {
        let result = IndexCalculator(survey: sampleSurvey()).compute(Self.counts)
        #expect(result.respondents == 40)
        #expect(result.criteria.map(\.code) == ["1.1", "1.2", "2.1"])
        let first: Double = 100.0 * 30 / 38
        #expect(close(result.criteria[0].estimate.index, first))
        #expect(result.criteria[0].satisfied == 30 && result.criteria[0].valid == 38 && result.criteria[0].noAnswer == 2)
        #expect(close(result.criteria[1].estimate.index, 50))
        #expect(close(result.criteria[2].estimate.index, 100))
        // Element 1: mean of 78.947… and 50; element 2: 100.
        let element1: Double = (100.0 * 30 / 38 + 50) / 2
        #expect(close(result.elements[0].estimate.index, element1))
        #expect(close(result.elements[1].estimate.index, 100))
        // Overall: mean of the two element indices.
        let overall: Double = (element1 + 100) / 2
        #expect(close(result.overall.index, overall))
        #expect(close(result.parPoints, overall * 10 / 100))
        #expect(!result.tooFewResponses)
    }

    @Test func pooledElementsAndMeanOfCriteria() {
        var survey = sampleSurvey()
        survey.index.elementRule = .pooled
        survey.index.overallRule = .meanOfCriteria
        let result = IndexCalculator(survey: survey).compute(Self.counts)
        // Element 1 pooled: (30 + 20) / (38 + 40).
        let pooled: Double = 100.0 * 50 / 78
        let meanOfCriteria: Double = (100.0 * 30 / 38 + 50 + 100) / 3
        #expect(close(result.elements[0].estimate.index, pooled))
        #expect(close(result.overall.index, meanOfCriteria))
    }

    @Test func satisfiedLevelsAreASetting() {
        var survey = sampleSurvey()
        survey.index.satisfiedLevels = [5]
        let result = IndexCalculator(survey: survey).compute(Self.counts)
        let topOnly: Double = 100.0 * 10 / 38
        #expect(close(result.criteria[0].estimate.index, topOnly))
        #expect(close(result.criteria[1].estimate.index, 25))
    }

    @Test func directItemAndParts() {
        var survey = sampleSurvey()
        survey.items.append(SurveyItem(code: "overall", kind: .satisfaction, group: .overall, text: .init(vi: "Chung", en: "")))
        survey.index.overallRule = .directItem
        survey.index.overallItem = "overall"
        var counts = Self.counts
        counts.add(item: "overall", option: "4", 36)
        counts.add(item: "overall", option: "2", 4)
        #expect(close(IndexCalculator(survey: survey).compute(counts).overall.index, 90))

        var parted = sampleSurvey()
        parted.parts = [SurveyPart(code: "a", title: .init(vi: "A", en: "")), SurveyPart(code: "b", title: .init(vi: "B", en: ""))]
        parted.elements[0].part = "a"
        parted.elements[1].part = "b"
        parted.index.overallRule = .meanOfParts
        let result = IndexCalculator(survey: parted).compute(Self.counts)
        #expect(result.parts.map(\.code) == ["a", "b"])
        let expected: Double = ((100.0 * 30 / 38 + 50) / 2 + 100) / 2
        #expect(close(result.overall.index, expected))
    }

    @Test func observationsAreSharesOfThoseWhoAnswered() {
        let result = IndexCalculator(survey: sampleSurvey()).compute(Self.counts)
        let late = result.observations.first { $0.code == "obs.late" }!
        #expect(late.answered == 40)
        #expect(close(late.options.first { $0.code == "yes" }?.percent, 7.5))
        let gender = result.observations.first { $0.code == "gender" }!
        #expect(gender.answered == 35)
        let female: Double = 100.0 * 20 / 35
        #expect(close(gender.options.first { $0.code == "female" }?.percent, female))
    }

    @Test func anItemNobodyAnsweredHasNoIndexNotZero() {
        var counts = Self.counts
        counts = ItemCounts(counts.counts.filter { $0.key != "2.1" })
        let result = IndexCalculator(survey: sampleSurvey()).compute(counts)
        #expect(result.criteria[2].estimate == .none)
        #expect(result.elements[1].estimate == .none)
        // The overall index is the mean of the elements that have one.
        let twoCriteria: Double = (100.0 * 30 / 38 + 50) / 2
        #expect(close(result.overall.index, twoCriteria))
        #expect(result.overall.index?.isNaN == false)
    }

    @Test func aUnitWithZeroQuestionnaires() {
        let result = IndexCalculator(survey: sampleSurvey()).compute(ItemCounts(["questionnaires": ["": 0]]))
        #expect(result.respondents == 0)
        #expect(result.overall == .none && result.parPoints == nil)
        #expect(result.tooFewResponses)
        #expect(Verdict.of(result, target: 91) == .tooFewResponses)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func allAnswersAtOneLevel(level: Int) {
        let counts = ItemCounts([
            "questionnaires": ["": 50], "1.1": [String(level): 50], "1.2": [String(level): 50], "2.1": [String(level): 50],
        ])
        let result = IndexCalculator(survey: sampleSurvey()).compute(counts)
        let expected = level >= 4 ? 100.0 : 0.0
        for c in result.criteria {
            #expect(c.estimate.index == expected)
            // Wilson keeps the interval inside [0, 100] and around the index.
            #expect(c.estimate.ciLow! <= expected && expected <= c.estimate.ciHigh!)
            #expect(c.estimate.standardError! > 0)
        }
        #expect(result.overall.index == expected)
    }

    @Test func everyIndexLiesInItsIntervalWithinZeroToHundred() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var counts = ItemCounts(["questionnaires": ["": 60]])
            for code in ["1.1", "1.2", "2.1"] {
                for level in 1...5 { counts.add(item: code, option: String(level), Int.random(in: 0...12, using: &random)) }
            }
            let result = IndexCalculator(survey: sampleSurvey()).compute(counts)
            let estimates = result.criteria.map(\.estimate) + result.elements.map(\.estimate) + [result.overall]
            for e in estimates where e.index != nil {
                #expect(0 <= e.ciLow! && e.ciLow! <= e.index! && e.index! <= e.ciHigh! && e.ciHigh! <= 100)
            }
        }
    }

    @Test func verdicts() {
        func result(_ satisfied: Int, of n: Int) -> IndexResult {
            let counts = ItemCounts([
                "questionnaires": ["": n], "1.1": ["5": satisfied, "1": n - satisfied], "1.2": ["5": satisfied, "1": n - satisfied],
                "2.1": ["5": satisfied, "1": n - satisfied],
            ])
            return IndexCalculator(survey: sampleSurvey()).compute(counts)
        }
        #expect(Verdict.of(result(990, of: 1000), target: 91) == .meets)  // 99 % ± ~0.7
        #expect(Verdict.of(result(800, of: 1000), target: 91) == .misses)  // 80 % ± ~2.5
        #expect(Verdict.of(result(91, of: 100), target: 91) == .cannotTell)
        #expect(Verdict.of(result(20, of: 20), target: 91) == .tooFewResponses)  // below 30 respondents
    }

    @Test func comparisonsAndRanking() {
        func result(_ satisfied: Int, of n: Int) -> IndexResult {
            let counts = ItemCounts([
                "questionnaires": ["": n], "1.1": ["5": satisfied, "1": n - satisfied], "1.2": ["5": satisfied, "1": n - satisfied],
                "2.1": ["5": satisfied, "1": n - satisfied],
            ])
            return IndexCalculator(survey: sampleSurvey()).compute(counts)
        }
        let units = [result(950, of: 1000), result(700, of: 1000), result(860, of: 1000), result(855, of: 1000), result(10, of: 12)]
        let province = IndexCalculator(survey: sampleSurvey()).compute(
            ItemCounts([
                "questionnaires": ["": 4012], "1.1": ["5": 3375, "1": 637], "1.2": ["5": 3375, "1": 637], "2.1": ["5": 3375, "1": 637],
            ]))
        let comparisons = Comparisons.againstReference(units, reference: province.overall)
        #expect(comparisons.map { $0?.standing } == [.above, .below, .notDistinguishable, .notDistinguishable, nil])
        let ranks = Comparisons.rank(units)
        #expect(ranks.map { $0?.rank } == [1, 4, 2, 3, nil])
        // 86.0 % and 85.5 % cannot be told apart; 95 % and 70 % stand alone.
        #expect(ranks.map { $0?.group } == [1, 3, 2, 2, nil])
    }

    @Test func changeBetweenPeriods() {
        let before = IndexEstimate(composite: 80, standardError: 1, z: 1.96)
        let after = IndexEstimate(composite: 85, standardError: 1, z: 1.96)
        let change = Comparisons.change(from: before, to: after)!
        #expect(change.difference == 5 && change.significant)
        let small = Comparisons.change(from: before, to: IndexEstimate(composite: 81, standardError: 1, z: 1.96))!
        #expect(!small.significant)
    }
}
