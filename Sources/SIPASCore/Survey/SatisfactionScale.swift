/// The five levels of satisfaction, plus "no answer" (excluded from the base).
public enum SatisfactionScale {
    public static let levels = 1...5
    public static let noAnswer = "na"
    public static let optionCodes = ["1", "2", "3", "4", "5", noAnswer]
    public static let labels: [String: LocalizedText] = [
        "1": LocalizedText(vi: "Rất không hài lòng", en: "Very dissatisfied"),
        "2": LocalizedText(vi: "Không hài lòng", en: "Dissatisfied"),
        "3": LocalizedText(vi: "Bình thường", en: "Neutral"),
        "4": LocalizedText(vi: "Hài lòng", en: "Satisfied"),
        "5": LocalizedText(vi: "Rất hài lòng", en: "Very satisfied"),
        noAnswer: LocalizedText(vi: "Không trả lời", en: "No answer"),
    ]
}
