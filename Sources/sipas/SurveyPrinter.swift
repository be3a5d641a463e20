import Foundation
import SIPASCore

/// The text form of a survey for the terminal.
struct SurveyPrinter {
    let survey: Survey
    let language: Language

    var text: String {
        let vi = language == .vi
        var lines: [String] = []
        lines.append("\(survey.code) v\(survey.version) — \(survey.title.text(language))")
        lines.append("\(vi ? "Căn cứ" : "Source"): \(survey.source)")
        if let note = survey.note { lines.append("\(vi ? "Ghi chú" : "Note"): \(note)") }
        let s = survey.index
        lines.append(
            "\(vi ? "Cách tính" : "Method"): \(vi ? "mức hài lòng" : "satisfied levels") \(s.satisfiedLevels.map(String.init).joined(separator: ", ")); \(vi ? "yếu tố" : "element") = \(s.elementRule.rawValue); \(vi ? "chỉ số chung" : "overall") = \(s.overallRule.rawValue)\(s.overallItem.map { " (\($0))" } ?? ""); \(vi ? "mục tiêu" : "target") \(s.target) %; \(vi ? "tối thiểu" : "minimum") \(s.minRespondents) \(vi ? "phiếu" : "respondents"); PAR \(s.parWeight)"
        )
        lines.append("")
        lines.append("\(survey.elements.count) \(vi ? "yếu tố" : "elements"), \(survey.criteria.count) \(vi ? "tiêu chí" : "criteria")")
        for element in survey.elements {
            let part = element.part.flatMap { p in survey.parts.first { $0.code == p } }.map { " [\($0.title.text(language))]" } ?? ""
            lines.append("\(element.code)  \(element.title.text(language))\(part)")
            for item in element.items { lines.append("    \(item.code)  \(item.text.text(language))") }
        }
        let groups: [(ItemGroup, String)] = [
            (.overall, vi ? "Hài lòng chung" : "Overall satisfaction"), (.observation, vi ? "Nhận định" : "Observations"),
            (.expectation, vi ? "Mong đợi" : "Expectations"), (.profile, vi ? "Thông tin người trả lời" : "Respondent profile"),
            (.other, vi ? "Khác" : "Other"),
        ]
        for (group, title) in groups {
            let items = survey.items.filter { $0.group == group }
            guard !items.isEmpty else { continue }
            lines.append("")
            lines.append(title)
            for item in items {
                let options = item.kind == .satisfaction ? "1–5, na" : item.options.map(\.code).joined(separator: ", ")
                lines.append(
                    "    \(item.code)  [\(item.kind.rawValue)] \(item.text.text(language))\(options.isEmpty ? "" : "  (\(options))")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
