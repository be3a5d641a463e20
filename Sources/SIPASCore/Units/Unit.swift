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
              code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return code }
        return String(repeating: "0", count: width - code.count) + code
    }
}

/// A stored version of a unit: its database id and the days it is valid (inclusive;
/// `validTo` nil = still valid). Data are attached to the version valid on their date.
public struct UnitVersion: Sendable, Hashable, Codable {
    public var id: Int
    public var unit: AdminUnit
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?

    public init(id: Int, unit: AdminUnit, validFrom: CalendarDate, validTo: CalendarDate?) {
        self.id = id
        self.unit = unit
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }

    /// "2020-01-01 – 2025-06-30" or "from 2025-07-01".
    public var validity: String {
        validTo.map { "\(validFrom) – \($0)" } ?? "from \(validFrom)"
    }
}

/// How an old unit passed to a new one on a reorganisation.
public enum UnitChangeKind: String, Codable, Sendable, CaseIterable {
    case merge, split, rename
}

/// One succession: `oldCode` (valid the day before `effective`) to `newCode`.
public struct UnitChange: Sendable, Hashable, Codable {
    public var oldCode: String
    public var newCode: String
    public var kind: UnitChangeKind
    public var isDefault: Bool
    public var share: Double?
    public var note: String

    public init(oldCode: String, newCode: String, kind: UnitChangeKind, isDefault: Bool, share: Double?, note: String) {
        self.oldCode = oldCode
        self.newCode = newCode
        self.kind = kind
        self.isDefault = isDefault
        self.share = share
        self.note = note
    }
}

/// A unit as read from a unit list, with the line it came from.
public struct UnitRow: Sendable, Equatable {
    public var line: Int
    public var unit: AdminUnit

    public init(line: Int, unit: AdminUnit) {
        self.line = line
        self.unit = unit
    }
}

/// A succession as read from a change list, with the line it came from.
public struct UnitChangeRow: Sendable, Equatable {
    public var line: Int
    public var change: UnitChange

    public init(line: Int, change: UnitChange) {
        self.line = line
        self.change = change
    }
}
