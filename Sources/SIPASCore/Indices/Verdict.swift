/// Whether a unit reaches the target (91 % by default), said only as far as the data allow.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// The whole interval is at or above the target.
    case meets
    /// The whole interval is below the target.
    case misses
    /// The interval straddles the target.
    case cannotTell = "cannot_tell"
    /// Fewer respondents than the survey's minimum.
    case tooFewResponses = "too_few_responses"
    /// Questionnaires, but not one valid answer to any criterion the overall index reads
    /// (all "no answer"): there is no index to judge, whatever the number of questionnaires.
    case noValidAnswers = "no_valid_answers"

    public static func of(_ result: IndexResult, target: Double) -> Verdict {
        if result.respondents > 0 && result.overall.index == nil { return .noValidAnswers }
        if result.tooFewResponses { return .tooFewResponses }
        guard let low = result.overall.ciLow, let high = result.overall.ciHigh else { return .tooFewResponses }
        if low >= target { return .meets }
        if high < target { return .misses }
        return .cannotTell
    }

    public var label: LocalizedText {
        switch self {
        case .meets: return LocalizedText(vi: "Đạt", en: "Meets")
        case .misses: return LocalizedText(vi: "Không đạt", en: "Misses")
        case .cannotTell: return LocalizedText(vi: "Chưa kết luận được", en: "Cannot tell")
        case .tooFewResponses: return LocalizedText(vi: "Quá ít phiếu", en: "Too few responses")
        case .noValidAnswers: return LocalizedText(vi: "Không có câu trả lời hợp lệ", en: "No valid answers")
        }
    }
}
