/// An administrative unit as described by a unit list: one version of it, without dates.
public struct AdminUnit: Sendable, Hashable, Codable {
    public var code: String
    public var parentCode: String?
    public var level: UnitLevel
    public var type: String
    public var name: String

    public init(code: String, parentCode: String?, level: UnitLevel, type: String, name: String) {
        self.code = code
        self.parentCode = parentCode
        self.level = level
        self.type = type
        self.name = name
    }

    /// Pads an all-digit statistics code to its level's width ("1" at commune level is
    /// "00001"); other codes are returned unchanged.
    public static func normalizedCode(_ code: String, level: UnitLevel?) -> String {
        guard let width = level?.codeWidth, !code.isEmpty, code.count < width,
            code.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return code }
        return String(repeating: "0", count: width - code.count) + code
    }
}
