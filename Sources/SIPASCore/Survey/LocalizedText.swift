/// Text in Vietnamese (required) and English.
public struct LocalizedText: Codable, Sendable, Equatable, Hashable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .vi: return vi
        case .en: return en.isEmpty ? vi : en
        }
    }
}
