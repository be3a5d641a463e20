import Foundation

/// The public questionnaire of a survey as a web form: every item in the survey file's order,
/// criteria grouped by element, the other questions after them and the profile questions last
/// (and optional). It reads the posted fields back into answers as a questionnaire file writes
/// them, with a Vietnamese message for each required item left out.
public struct PublicForm: Sendable, Equatable {
    public enum Input: String, Sendable {
        case radio, checkbox, text
    }

    public struct Option: Sendable, Equatable {
        public var code: String
        public var label: String
        public var checked: Bool
    }

    public struct Question: Sendable, Equatable {
        public var code: String
        public var text: String
        public var input: Input
        public var options: [Option]
        public var required: Bool
        /// What was typed (text questions).
        public var value: String
        public var error: String?
        /// The form field's name (`q-1.1`).
        public var field: String { PublicForm.field(code) }
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var note: String?
        public var questions: [Question]
    }

    public var sections: [Section]

    /// The form field of an item.
    public static func field(_ code: String) -> String { "q-" + code }

    public static let missingMessage = "Vui lòng chọn một câu trả lời cho câu này."
    public static let invalidMessage = "Câu trả lời này không hợp lệ; vui lòng chọn lại."

    /// Whether the web form requires an answer: every question but the profile questions and
    /// those where several options (or none) may be chosen.
    public static func isRequired(_ item: SurveyItem) -> Bool {
        item.group != .profile && item.kind != .profile && item.kind != .multipleChoice
    }

    /// The form of `survey`, showing `posted` (the fields sent, for a form shown again) and an
    /// error message per item code.
    public static func build(_ survey: Survey, posted: [String: [String]] = [:], errors: [String: String] = [:]) -> PublicForm {
        func question(_ item: SurveyItem) -> Question {
            let sent = posted[field(item.code)] ?? []
            let input: Input
            let options: [Option]
            switch item.kind {
            case .satisfaction:
                input = .radio
                options = SatisfactionScale.levels.reversed().map { level in
                    Option(
                        code: "\(level)", label: SatisfactionScale.labels["\(level)"]?.vi ?? "\(level)", checked: sent.contains("\(level)"))
                }
            case .multipleChoice:
                input = .checkbox
                options = item.options.map { Option(code: $0.code, label: $0.label.vi, checked: sent.contains($0.code)) }
            case .profile where item.options.isEmpty:
                input = .text
                options = []
            default:
                input = .radio
                options = item.options.map { Option(code: $0.code, label: $0.label.vi, checked: sent.contains($0.code)) }
            }
            var text = item.text.vi
            if let max = item.maxChoices, item.kind == .multipleChoice { text += " (chọn tối đa \(max))" }
            return Question(
                code: item.code, text: text, input: input, options: options, required: isRequired(item),
                value: input == .text ? sent.first ?? "" : "", error: errors[item.code])
        }
        var sections = survey.elements.map { element in
            Section(title: element.title.vi, note: nil, questions: element.items.map(question))
        }
        let others = survey.items.filter { $0.group != .profile && $0.kind != .profile }
        if !others.isEmpty { sections.append(Section(title: "Ý kiến khác", note: nil, questions: others.map(question))) }
        let profile = survey.items.filter { $0.group == .profile || $0.kind == .profile }
        if !profile.isEmpty {
            sections.append(
                Section(
                    title: "Thông tin về người trả lời",
                    note: "Không bắt buộc. Chỉ dùng để thống kê theo nhóm; không hỏi họ tên, số điện thoại hay số giấy tờ.",
                    questions: profile.map(question)))
        }
        return PublicForm(sections: sections)
    }

    /// The answers in the posted fields, as a questionnaire file writes them ("4", "a|c"), and
    /// the required items left out (item code → message).
    public static func read(_ survey: Survey, posted: [String: [String]]) -> (answers: [String: String], missing: [String: String]) {
        var answers: [String: String] = [:]
        var missing: [String: String] = [:]
        for item in survey.allItems {
            let values = (posted[field(item.code)] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if values.isEmpty {
                if isRequired(item) { missing[item.code] = missingMessage }
                continue
            }
            answers[item.code] = item.kind == .multipleChoice ? values.joined(separator: "|") : values[values.count - 1]
        }
        return (answers, missing)
    }
}
