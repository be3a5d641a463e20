/// What an account bound to a unit may touch: unit *versions*, not codes, because codes are
/// reused after reorganisations (18073 was Nam Hà and is Thành Sen). The area of a unit is
/// its version valid today (or its last version, for a unit that no longer exists), every
/// version below it while both were valid, and the history the successions give it: the
/// versions that became one of these. A version of the same code continues the previous one
/// only when the successions say so, or (a unit that only moved or changed type) when they say
/// nothing about the old version that day and its name is unchanged.
public struct AccessArea: Sendable, Equatable {
    /// The code the area is rooted at (the account's unit).
    public let root: String
    /// The unit versions in the area.
    public let versionIDs: Set<Int>
    /// The codes of those versions (for lists and messages; checks use versions and dates).
    public let codes: Set<String>
    private let spans: [String: [Span]]

    private struct Span: Sendable, Equatable {
        var from: CalendarDate
        var to: CalendarDate?
        var inArea: Bool

        func overlaps(_ start: CalendarDate, _ end: CalendarDate) -> Bool {
            from <= end && (to.map { start <= $0 } ?? true)
        }
    }

    public init(root: String, versions: [UnitVersion], changes: [(effective: CalendarDate, change: UnitChange)], today: CalendarDate) {
        self.root = root
        let byCode = Dictionary(grouping: versions, by: \.unit.code)
        let children = Dictionary(grouping: versions, by: { $0.unit.parentCode ?? "" })
        let intoCode = Dictionary(grouping: changes, by: \.change.newCode)
        let fromCode = Dictionary(grouping: changes, by: \.change.oldCode)
        func version(of code: String, on date: CalendarDate) -> UnitVersion? {
            byCode[code]?.first { $0.isValid(on: date) }
        }
        func overlap(_ a: UnitVersion, _ b: UnitVersion) -> Bool {
            (b.validTo.map { a.validFrom <= $0 } ?? true) && (a.validTo.map { b.validFrom <= $0 } ?? true)
        }
        /// The versions that became `v`: named by a succession effective while `v` is valid,
        /// or the previous version of its code, of the same name, when no succession speaks of it.
        func predecessors(_ v: UnitVersion) -> [UnitVersion] {
            var result = (intoCode[v.unit.code] ?? []).filter { v.isValid(on: $0.effective) }.compactMap {
                version(of: $0.change.oldCode, on: $0.effective.previousDay)
            }
            if let previous = version(of: v.unit.code, on: v.validFrom.previousDay), previous.unit.name == v.unit.name,
                !(fromCode[v.unit.code] ?? []).contains(where: { $0.effective == v.validFrom })
            {
                result.append(previous)
            }
            return result
        }

        let all = byCode[root] ?? []
        let start = all.first { $0.isValid(on: today) } ?? all.max { $0.validFrom < $1.validFrom }
        var area: Set<Int> = []
        var queue = start.map { [$0] } ?? []
        if let start { area.insert(start.id) }
        while let v = queue.popLast() {
            let below = (children[v.unit.code] ?? []).filter { overlap($0, v) }
            for next in below + predecessors(v) where area.insert(next.id).inserted { queue.append(next) }
        }
        let inArea = Set(versions.filter { area.contains($0.id) }.map(\.unit.code))
        versionIDs = area
        codes = inArea
        spans = byCode.filter { inArea.contains($0.key) }.mapValues { list in
            list.map { Span(from: $0.validFrom, to: $0.validTo, inArea: area.contains($0.id)) }
        }
    }

    public func contains(_ version: UnitVersion) -> Bool { versionIDs.contains(version.id) }

    public func contains(versionID: Int) -> Bool { versionIDs.contains(versionID) }

    /// Whether `code` between `start` and `end` (inclusive) is wholly in the area: it has a
    /// version then, and every version of it then is in the area.
    public func contains(code: String, from start: CalendarDate, to end: CalendarDate) -> Bool {
        let during = (spans[code] ?? []).filter { $0.overlaps(start, end) }
        return !during.isEmpty && during.allSatisfy(\.inArea)
    }

    /// Whether `code` during `period` is wholly in the area.
    public func contains(code: String, during period: Period) -> Bool {
        contains(code: code, from: period.firstDay, to: period.lastDay)
    }
}
