/// The level of an administrative unit.
public enum UnitLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case province, department, district, commune

    /// Levels whose codes come from the national statistics office.
    public var isStatistical: Bool { self != .department }

    /// The width of the statistics office's codes at this level (leading zeros are part of
    /// the code: Hà Nội is 01, Ba Đình 001, Phúc Xá 00001).
    public var codeWidth: Int? {
        switch self {
        case .province: return 2
        case .district: return 3
        case .commune: return 5
        case .department: return nil
        }
    }

    public var label: LocalizedText {
        switch self {
        case .province: return LocalizedText(vi: "Tỉnh", en: "Province")
        case .department: return LocalizedText(vi: "Sở, ban, ngành", en: "Department")
        case .district: return LocalizedText(vi: "Cấp huyện", en: "District")
        case .commune: return LocalizedText(vi: "Cấp xã", en: "Commune")
        }
    }

    private var rank: Int {
        switch self {
        case .province: return 0
        case .department: return 1
        case .district: return 2
        case .commune: return 3
        }
    }

    public static func < (a: UnitLevel, b: UnitLevel) -> Bool { a.rank < b.rank }
}
