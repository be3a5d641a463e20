public enum ItemKind: String, Codable, Sendable, CaseIterable {
    case satisfaction
    case yesNo = "yes_no"
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case profile
}
