import Foundation

/// Finds the unit version a file means, by code or by exact name, for a period or a day.
/// Built once per import from the stored unit versions; pure and fast.
public struct UnitDirectory: Sendable {
    private let byCode: [String: [UnitVersion]]
    private let byName: [String: [UnitVersion]]
    private let byID: [Int: UnitVersion]

    public init(_ versions: [UnitVersion]) {
        byID = Dictionary(versions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        byCode = Dictionary(grouping: versions, by: \.unit.code)
        byName = Dictionary(grouping: versions, by: { $0.unit.name.precomposedNFC.lowercased() })
    }

    public enum Resolution: Sendable, Equatable {
        case found(UnitVersion)
        /// No unit has this code or name.
        case unknown
        /// Units with this code or name exist, but none is valid for the whole period or day.
        case notValid([UnitVersion])
        /// Several units valid then have this name: the code must be used.
        case ambiguous([UnitVersion])
    }

    public func version(id: Int) -> UnitVersion? { byID[id] }

    /// The version valid on every day of `period`.
    public func resolve(_ text: String, during period: Period) -> Resolution {
        resolve(text) { $0.isValid(on: period.firstDay) && $0.isValid(on: period.lastDay) }
    }

    /// The version valid on `date`.
    public func resolve(_ text: String, on date: CalendarDate) -> Resolution {
        resolve(text) { $0.isValid(on: date) }
    }

    private func resolve(_ text: String, valid: (UnitVersion) -> Bool) -> Resolution {
        let key = text.trimmingWhitespace
        let candidates =
            byCode[key] ?? byCode[AdminUnit.normalizedCode(key, level: .commune)].flatMap { list in
                list.allSatisfy { $0.unit.level == .commune } ? list : nil
            } ?? byName[key.precomposedNFC.lowercased()] ?? []
        guard !candidates.isEmpty else { return .unknown }
        let valid = candidates.filter(valid)
        switch valid.count {
        case 0: return .notValid(candidates.sorted { $0.validFrom < $1.validFrom })
        case 1: return .found(valid[0])
        default: return .ambiguous(valid)
        }
    }

    /// A sentence for a problem report.
    public static func explain(_ resolution: Resolution, text: String, when: String) -> String? {
        switch resolution {
        case .found: return nil
        case .unknown:
            return "no unit has the code or name \"\(text)\"; expected a unit code (e.g. 18073) or its exact name"
        case .notValid(let versions):
            let known = versions.map { "\($0.unit.code) \($0.unit.name) (\($0.validity))" }.joined(separator: "; ")
            return "unit \"\(text)\" is not valid \(when); known versions: \(known)"
        case .ambiguous(let versions):
            return
                "several units valid \(when) are named \"\(text)\" (\(versions.map(\.unit.code).joined(separator: ", "))); use the unit code"
        }
    }
}

extension String {
    /// The text in Unicode normalisation form C (precomposed Vietnamese letters).
    public var precomposedNFC: String {
        // Pure-ASCII text is already NFC; skip the work on the hot path.
        utf8.allSatisfy { $0 < 0x80 } ? self : precomposedStringWithCanonicalMapping
    }

    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
