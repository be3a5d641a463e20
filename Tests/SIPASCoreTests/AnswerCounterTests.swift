import Foundation
import SIPASCore
import SIPASFiles
import SIPASTestSupport
import Testing

/// Submissions are counted twice over their life: by the validator when they arrive (as files
/// are) and by `AnswerCounter` from their stored answers when they are folded or reported
/// before folding. Both must give the same vector for every questionnaire.
struct AnswerCounterTests {
    @Test(arguments: ["sipas-2017.yaml", "sipas-2023.yaml", "kiosk-rating.yaml"])
    func storedAnswersCountAsTheValidatorCountedThem(_ file: String) throws {
        let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys").appendingPathComponent(file))
        let layout = SlotLayout(survey: survey)
        let unit = UnitVersion(
            id: 1, unit: AdminUnit(code: "18073", parentCode: nil, level: .commune, type: "phường", name: "Nam Hà"),
            validFrom: CalendarDate("2020-01-01")!, validTo: nil)
        var validator = QuestionnaireValidator(survey: survey, units: UnitDirectory([unit]), today: CalendarDate("2026-01-01")!, file: "t")
        let counter = try AnswerCounter(survey: survey, layout: layout)
        var random = SeededGenerator(state: 42)
        var stored = counter.zero
        for line in 1...500 {
            var answers: [String: String] = [:]
            for item in survey.allItems where Int.random(in: 0..<10, using: &random) > 0 {
                switch item.kind {
                case .satisfaction: answers[item.code] = String(Int.random(in: 1...5, using: &random))
                case .multipleChoice:
                    let chosen = item.options.filter { _ in Bool.random(using: &random) }.prefix(item.maxChoices ?? item.options.count)
                    answers[item.code] = chosen.map(\.code).joined(separator: "|")
                case .profile where item.options.isEmpty: answers[item.code] = "free text \(line)"
                default: answers[item.code] = item.options.randomElement(using: &random)?.code ?? ""
                }
            }
            let row = QuestionnaireRow(line: line, unit: "18073", date: "2021-03-\(10 + line % 18)", channel: "kiosk", answers: answers)
            let checked = validator.check(row)
            let questionnaire = try #require(checked, "\(validator.problems.prefix(3))")
            counter.add(questionnaire.answers, into: &stored)
        }
        let counted = try validator.vectors(in: layout)
        #expect(counted.count == 1)
        #expect(counted.first?.counts == stored)
        #expect(stored[0] == 500)
        // And through the general path (counts by key) as well.
        #expect(try validator.counts.vectors(in: layout).first?.counts == stored)
    }
}
