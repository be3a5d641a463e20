/// How a unit stands against a reference (the province), after Holm's correction over all
/// the units compared.
public enum Standing: String, Sendable, Codable, CaseIterable {
    case above
    case below
    case notDistinguishable = "not_distinguishable"

    public var label: LocalizedText {
        switch self {
        case .above: return LocalizedText(vi: "Cao hơn toàn tỉnh", en: "Above the province")
        case .below: return LocalizedText(vi: "Thấp hơn toàn tỉnh", en: "Below the province")
        case .notDistinguishable: return LocalizedText(vi: "Không khác biệt", en: "Not distinguishable")
        }
    }
}
