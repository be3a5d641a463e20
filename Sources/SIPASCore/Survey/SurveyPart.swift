/// A part of the overall index (sipas-2023: public policy and service delivery).
public struct SurveyPart: Codable, Sendable, Equatable {
    public var code: String
    public var title: LocalizedText

    public init(code: String, title: LocalizedText) {
        self.code = code
        self.title = title
    }
}
