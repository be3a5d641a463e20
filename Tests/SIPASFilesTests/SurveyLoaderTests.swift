import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

@Suite struct ShippedSurveyTests {
    static let folder = TestDatabase.root.appendingPathComponent("Surveys")

    @Test func sipas2017HasTwentyTwoCriteriaUnderFiveElements() throws {
        let survey = try SurveyLoader.load(contentsOf: Self.folder.appendingPathComponent("sipas-2017.yaml"))
        #expect(survey.code == "sipas-2017")
        #expect(survey.elements.map(\.code) == ["1", "2", "3", "4", "5"])
        // SIPAS.md §3.1: 4 + 5 + 6 + 3 + 4 criteria.
        #expect(survey.elements.map(\.items.count) == [4, 5, 6, 3, 4])
        var expected: [String] = []
        for (element, count) in zip(1...5, [4, 5, 6, 3, 4]) {
            for i in 1...count { expected.append("\(element).\(i)") }
        }
        #expect(survey.criteria.map(\.code) == expected)
        #expect(survey.criteria.allSatisfy { $0.kind == .satisfaction && !$0.text.vi.isEmpty })
        #expect(survey.items.filter { $0.group == .observation }.count == 5)
        #expect(survey.items.contains { $0.group == .expectation && $0.kind == .multipleChoice })
        #expect(survey.items.contains { $0.group == .profile })
        #expect(survey.index == IndexSettings())
        #expect(survey.criteria.first?.text.vi == "Nơi ngồi chờ tại Bộ phận tiếp nhận và trả kết quả có đủ chỗ ngồi")
    }

    @Test func sipas2023AveragesPolicyAndServiceDelivery() throws {
        let survey = try SurveyLoader.load(contentsOf: Self.folder.appendingPathComponent("sipas-2023.yaml"))
        #expect(survey.index.overallRule == .meanOfParts)
        #expect(survey.parts.map(\.code) == ["policy", "service"])
        #expect(survey.elements.filter { $0.part == "policy" }.flatMap(\.items).count == 9)
        #expect(survey.elements.filter { $0.part == "service" }.count == 5)
        #expect(survey.items.filter { $0.group == .observation }.count == 8)
        #expect(survey.series?.survey == "sipas-2017")
        #expect(survey.series?.elements.count == 5)
    }

    @Test func kioskRatingUsesItsOverallQuestion() throws {
        let survey = try SurveyLoader.load(contentsOf: Self.folder.appendingPathComponent("kiosk-rating.yaml"))
        #expect(survey.index.overallRule == .directItem)
        #expect(survey.item(code: survey.index.overallItem ?? "")?.kind == .satisfaction)
    }

    @Test func textIsNormalisedToNFC() throws {
        // "Hài lòng" with a combining grave accent (NFD) is stored precomposed.
        let yaml = Self.minimal.replacingOccurrences(of: "Tiếp cận", with: "Tiê\u{0301}p câ\u{0323}n")
        let survey = try SurveyLoader.load(yaml: yaml, file: "nfd.yaml")
        #expect(survey.elements[0].title.vi == "Tiếp cận")
    }

    static let minimal = """
        code: mini
        version: 1
        title: {vi: Khảo sát nhỏ, en: Small survey}
        source: test
        elements:
          - code: "1"
            title: {vi: Tiếp cận, en: Access}
            items:
              - code: "1.1"
                kind: satisfaction
                text: {vi: Chỗ ngồi, en: Seats}
        """

    @Test func minimalSurveyLoadsWithDefaults() throws {
        let survey = try SurveyLoader.load(yaml: Self.minimal, file: "mini.yaml")
        #expect(survey.criteria.map(\.code) == ["1.1"])
        #expect(survey.index.satisfiedLevels == [4, 5])
        #expect(survey.criteria[0].group == .criterion)
        #expect(!survey.index.rankIncomplete)
    }

    /// `rank_incomplete` is read from the file; left at its default it is not written into the
    /// canonical JSON, so surveys stored before the setting existed keep their content hash.
    @Test func rankIncompleteIsASettingLeftOutOfTheJSONByDefault() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "source: test\n", with: "source: test\nindex:\n  rank_incomplete: true\n")
        let survey = try SurveyLoader.load(yaml: yaml, file: "mini.yaml")
        #expect(survey.index.rankIncomplete)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(survey.index), as: UTF8.self).contains("\"rank_incomplete\":true"))
        let plain = String(decoding: try encoder.encode(IndexSettings()), as: UTF8.self)
        #expect(
            plain
                == #"{"across_units":"pooled","confidence":0.95,"element_rule":"mean_of_criteria","min_respondents":30,"overall_rule":"mean_of_elements","par_weight":10,"satisfied_levels":[4,5],"target":91}"#
        )
        #expect(try JSONDecoder().decode(IndexSettings.self, from: Data(plain.utf8)) == IndexSettings())
        let bad = Self.minimal.replacingOccurrences(of: "source: test\n", with: "source: test\nindex:\n  rank_incomplete: maybe\n")
        #expect(throws: FileProblems.self) { try SurveyLoader.load(yaml: bad, file: "bad.yaml") }
    }

    /// `series.version` is read from the file; without it the series is written into the
    /// canonical JSON as before, so surveys stored before it existed (sipas-2023 version 1)
    /// keep their content hash.
    @Test func seriesVersionIsReadAndLeftOutOfTheJSONWhenAbsent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let withVersion = try SurveyLoader.load(
            yaml: Self.minimal.replacingOccurrences(of: "version: 1\n", with: "version: 2\n")
                + "\nseries:\n  survey: mini\n  version: 1\n  items: {\"1.1\": \"1.1\"}\n", file: "mini.yaml")
        #expect(withVersion.series == SeriesMapping(survey: "mini", version: 1, items: ["1.1": "1.1"]))
        #expect(
            String(decoding: try encoder.encode(withVersion.series), as: UTF8.self)
                == #"{"elements":{},"items":{"1.1":"1.1"},"survey":"mini","version":1}"#)
        let without = SeriesMapping(survey: "sipas-2017", items: ["S1.1": "1.1"])
        #expect(
            String(decoding: try encoder.encode(without), as: UTF8.self) == #"{"elements":{},"items":{"S1.1":"1.1"},"survey":"sipas-2017"}"#
        )
        #expect(try JSONDecoder().decode(SeriesMapping.self, from: try encoder.encode(without)) == without)
        let bad = Self.minimal + "\nseries:\n  survey: mini\n  version: first\n"
        #expect(throws: FileProblems.self) { try SurveyLoader.load(yaml: bad, file: "bad.yaml") }
    }
}

@Suite struct BadSurveyFileTests {
    /// Loads `yaml` and returns its problems (the test fails if it loads).
    func problems(_ yaml: String) -> [FileProblem] {
        do {
            _ = try SurveyLoader.load(yaml: yaml, file: "bad.yaml")
            Issue.record("expected the file to be refused")
            return []
        } catch let error as FileProblems {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func malformedYAMLNamesTheLine() {
        let p = problems("code: x\nversion: 1\ntitle: [unclosed\nsource: y\n")
        #expect(p.count == 1)
        #expect(p[0].file == "bad.yaml")
        #expect(p[0].line != nil && p[0].line! >= 3)
        #expect(p[0].message.contains("malformed YAML"))
    }

    @Test func unknownItemKindNamesItsLine() {
        let yaml = ShippedSurveyTests.minimal.replacingOccurrences(of: "kind: satisfaction", with: "kind: stars")
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p[0].line == 10)
        #expect(p[0].message.contains("\"stars\" is not a valid item kind"))
        #expect(p[0].message.contains("satisfaction, yes_no, single_choice, multiple_choice, profile"))
    }

    @Test func duplicateItemCodesNameTheSecondLine() {
        let yaml =
            ShippedSurveyTests.minimal + """

                      - code: "1.1"
                        kind: satisfaction
                        text: {vi: Lặp, en: Repeat}
                """
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p[0].line == 12)
        #expect(p[0].message.contains("\"1.1\" is already used"))
    }

    @Test func elementWithNoItems() {
        let yaml =
            ShippedSurveyTests.minimal + """

                  - code: "2"
                    title: {vi: Trống, en: Empty}
                    items: []
                """
        let p = problems(yaml)
        #expect(p.map(\.line) == [14])  // the "items: []" line
        #expect(p[0].message.contains("element \"2\" has no items"))
    }

    @Test func unknownKeyIsATypo() {
        let yaml = ShippedSurveyTests.minimal.replacingOccurrences(of: "source: test", with: "source: test\nsorce: typo")
        let p = problems(yaml)
        #expect(p.map(\.line) == [5])
        #expect(p[0].message.contains("unknown key \"sorce\""))
    }

    @Test func everyProblemIsListed() {
        let yaml = """
            code: Bad Code
            version: zero
            title: {vi: "", en: x}
            source: s
            elements:
              - code: "1"
                title: {vi: A, en: A}
                items:
                  - {code: "1.1", kind: satisfaction, text: {vi: X, en: X}}
                  - {code: "1.2", kind: nonsense, text: {vi: Y, en: Y}}
            """
        let p = problems(yaml)
        #expect(p.map(\.line) == [2, 10])
        #expect(p.contains { $0.message.contains("whole number") })
    }

    @Test func modelProblemsAreLocated() {
        let yaml = ShippedSurveyTests.minimal.replacingOccurrences(
            of: "source: test", with: "source: test\nindex:\n  satisfied_levels: [4, 9]")
        let p = problems(yaml)
        #expect(p.count == 1)
        #expect(p[0].line == 6)  // the satisfied_levels line
        #expect(p[0].message.contains("level 9"))
    }

    @Test func emptyFile() {
        #expect(problems("").first?.message.contains("empty") == true)
    }

    @Test func descriptionNamesFileAndLine() {
        let problem = FileProblem(file: "a.yaml", line: 3, column: "kind", message: "wrong")
        #expect(problem.description == "a.yaml, line 3, column kind: wrong")
    }
}
