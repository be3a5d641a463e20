/// Carries counts of old unit versions to the structure valid on a date ("current boundaries",
/// SIPAS.md §6).
///
/// Starting from the version the counts belong to, one step at a time until a version valid
/// on the date is reached:
/// - a version valid on the date keeps its counts;
/// - a version that ended earlier follows the unit changes effective the day after it ended:
///   one successor (merge, rename) → that code's version valid on the effective date; several
///   (split) → divided by `share` when every successor row has one (whole questionnaires by
///   largest remainder, every item in proportion to them: `divide`, so totals are kept
///   exactly, counts stay whole and no part gets more answers to an item than
///   questionnaires), else all to the default successor;
/// - without change rows, a version of the same code starting the next day (a rename or a
///   new parent) is followed. Change rows win over a reused code because they are explicit
///   (a split can keep the old code for one of its successors).
///
/// A version with no way forward (no successor, a successor code with no version valid on
/// the effective date, a split without default or shares, a version starting after the date,
/// a cycle) is reported as unmapped, and none of its counts are carried — all or nothing.
/// Counts under an id that is not among `versions` are passed through unchanged.
public enum BoundaryMapper {
    /// counts: by unit version id. Returns counts by the unit version valid on `date` that each
    /// old version flows to, and the old versions that could not be mapped (sorted by id).
    public static func map(
        _ counts: [Int: ItemCounts], versions: [UnitVersion], changes: [(effective: CalendarDate, change: UnitChange)],
        to date: CalendarDate
    ) -> (counts: [Int: ItemCounts], unmapped: [UnitVersion]) {
        let router = Router(versions: versions, changes: changes, date: date)
        var result: [Int: ItemCounts] = [:]
        var unmapped: [UnitVersion] = []
        for id in counts.keys.sorted() {
            let cell = counts[id]!
            guard let version = router.byID[id] else {
                result[id, default: ItemCounts()].add(cell)
                continue
            }
            if let routed = router.route(cell, from: version, visited: []) {
                for (target, part) in routed { result[target, default: ItemCounts()].add(part) }
            } else {
                unmapped.append(version)
            }
        }
        return (result, unmapped)
    }

    /// Divides `n` by `shares` with the largest-remainder method: the parts are whole, add up
    /// to `n` exactly, and ties go to the earlier share.
    public static func apportion(_ n: Int, shares: [Double]) -> [Int] {
        let total = shares.reduce(0, +)
        guard !shares.isEmpty, total > 0 else { return shares.map { _ in 0 } }
        let magnitude = n.magnitude
        let quotas = shares.map { Double(magnitude) * $0 / total }
        var parts = quotas.map { Int($0.rounded(.down)) }
        var remaining = Int(magnitude) - parts.reduce(0, +)
        let byRemainder = quotas.indices.sorted { a, b in
            let ra = quotas[a] - quotas[a].rounded(.down)
            let rb = quotas[b] - quotas[b].rounded(.down)
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while remaining > 0 {
            parts[byRemainder[k % parts.count]] += 1
            remaining -= 1
            k += 1
        }
        // Floating-point noise can overshoot by one: take it back from the smallest remainders.
        k = 0
        while remaining < 0 {
            let i = byRemainder[parts.count - 1 - k % parts.count]
            if parts[i] > 0 {
                parts[i] -= 1
                remaining += 1
            }
            k += 1
        }
        return n < 0 ? parts.map { -$0 } : parts
    }

    struct Key: Hashable {
        var code: String
        var effective: CalendarDate
    }

    struct Router {
        let byID: [Int: UnitVersion]
        let byCode: [String: [UnitVersion]]
        let rows: [Key: [UnitChange]]
        let date: CalendarDate

        init(versions: [UnitVersion], changes: [(effective: CalendarDate, change: UnitChange)], date: CalendarDate) {
            byID = Dictionary(versions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            byCode = Dictionary(grouping: versions, by: \.unit.code)
            var rows: [Key: [UnitChange]] = [:]
            for (effective, change) in changes {
                let key = Key(code: change.oldCode, effective: effective)
                // Identical rows repeated in a source list count once.
                if rows[key]?.contains(change) != true { rows[key, default: []].append(change) }
            }
            self.rows = rows
            self.date = date
        }

        /// Where the counts of `version` end up, or nil when any of them cannot be carried.
        func route(_ counts: ItemCounts, from version: UnitVersion, visited: Set<Int>) -> [Int: ItemCounts]? {
            guard !visited.contains(version.id) else { return nil }
            if version.isValid(on: date) { return [version.id: counts] }
            guard let end = version.validTo, end < date else { return nil }
            let effective = end.nextDay
            let seen = visited.union([version.id])
            let successors = successorRows(rows[Key(code: version.unit.code, effective: effective)] ?? [])
            if successors.isEmpty {
                let sameCode =
                    byCode[version.unit.code]?.first { $0.validFrom == effective && $0.unit.level == version.unit.level }
                    ?? byCode[version.unit.code]?.first { $0.validFrom == effective }
                guard let next = sameCode else { return nil }
                return route(counts, from: next, visited: seen)
            }
            let targets: [(code: String, counts: ItemCounts)]
            if successors.count == 1 {
                targets = [(successors[0].newCode, counts)]
            } else if successors.allSatisfy({ ($0.share ?? -1) >= 0 }), successors.reduce(0, { $0 + $1.share! }) > 0 {
                targets = zip(successors, BoundaryMapper.divide(counts, shares: successors.map { $0.share! })).map { ($0.newCode, $1) }
            } else if let main = successors.first(where: \.isDefault) {
                targets = [(main.newCode, counts)]
            } else {
                return nil
            }
            var result: [Int: ItemCounts] = [:]
            for target in targets {
                guard let next = byCode[target.code]?.first(where: { $0.isValid(on: effective) }),
                    let routed = route(target.counts, from: next, visited: seen)
                else { return nil }
                for (id, part) in routed { result[id, default: ItemCounts()].add(part) }
            }
            return result
        }

        /// One row per successor code, in the order listed: shares of repeated codes add up.
        func successorRows(_ rows: [UnitChange]) -> [UnitChange] {
            var merged: [UnitChange] = []
            for row in rows {
                if let i = merged.firstIndex(where: { $0.newCode == row.newCode }) {
                    merged[i].isDefault = merged[i].isDefault || row.isDefault
                    merged[i].share = merged[i].share.flatMap { a in row.share.map { a + $0 } }
                } else {
                    merged.append(row)
                }
            }
            return merged
        }
    }
}
