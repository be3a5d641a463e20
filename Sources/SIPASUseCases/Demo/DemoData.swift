import Foundation
import SIPASCore

/// A realistic year of monthly tallies for the demo: every department, district committee and
/// commune of a structure, with varied sample sizes and satisfaction, a few units well below
/// the 91 % target and one with too few responses. Deterministic (seeded), so the demo
/// report is the same on every machine.
public struct DemoData: Sendable {
    public let survey: Survey
    public let units: [AdminUnit]
    public let year: Int
    public let seed: UInt64

    public init(survey: Survey, units: [AdminUnit], year: Int, seed: UInt64 = 2021) {
        self.survey = survey
        self.units = units
        self.year = year
        self.seed = seed
    }

    /// Units that serve people clearly worse (they show up below target in the report).
    public var weakUnits: Set<String> {
        Set(
            units.filter { $0.level == .commune }.map(\.code).sorted().enumerated().filter { $0.offset % 37 == 5 }.map(\.element)
                + units.filter { $0.level == .department }.map(\.code).sorted().prefix(1))
    }

    /// The unit that hands out too few questionnaires to be judged.
    public var tooFewUnit: String? { units.filter { $0.level == .commune }.map(\.code).sorted().last }

    /// The long-layout tally (unit,period,item,option,count) of one month for some units (all
    /// but the province by default), as CSV text. A unit's numbers do not depend on which
    /// other units share its file.
    public func tally(month: Int, units selected: [AdminUnit]? = nil) -> String {
        var lines = ["unit,period,item,option,count"]
        let period = Period.month(year, month).description
        let weak = weakUnits
        for unit in selected ?? units where unit.level != .province {
            var random = SeededGenerator(state: seed &+ UInt64(month) &* 0x9E37_79B9 &+ UInt64(unit.code.hashValueStable) &* 0x2545_F491)
            let n: Int
            switch unit.level {
            case .district: n = random.int(in: 60...140)
            case .department: n = random.int(in: 30...90)
            default: n = unit.code == tooFewUnit ? random.int(in: 4...9) : random.int(in: 30...75)
            }
            // Each unit has its own level of service, drifting a little over the year.
            let unitBase = weak.contains(unit.code) ? 0.74 : 0.90 + 0.08 * Double(unit.code.hashValueStable % 100) / 100
            let base = min(0.995, unitBase + 0.004 * Double(month - 6))
            lines.append("\(unit.code),\(period),questionnaires,,\(n)")
            for (e, element) in survey.elements.enumerated() {
                // Feedback handling (the last element) is the weakest everywhere, as nationally.
                let elementShift = e == survey.elements.count - 1 ? -0.06 : 0.01 * Double(e % 2)
                for item in element.items {
                    let p = max(0.3, min(0.995, base + elementShift + random.double(in: -0.02...0.02)))
                    var counts = [0, 0, 0, 0, 0, 0]  // levels 1–5, no answer
                    for _ in 0..<n {
                        let u = random.double(in: 0..<1)
                        if u < 0.03 {
                            counts[5] += 1
                            continue
                        }
                        let v = random.double(in: 0..<1)
                        if v < p {
                            counts[v < p * 0.45 ? 4 : 3] += 1
                        } else {
                            counts[v < p + (1 - p) * 0.6 ? 2 : (v < p + (1 - p) * 0.9 ? 1 : 0)] += 1
                        }
                    }
                    for (i, option) in SatisfactionScale.optionCodes.enumerated() where counts[i] > 0 {
                        lines.append("\(unit.code),\(period),\(item.code),\(option),\(counts[i])")
                    }
                }
            }
            for item in survey.items where item.kind == .yesNo {
                let rate = (weak.contains(unit.code) ? 0.12 : 0.03) + random.double(in: 0...0.02)
                var yes = 0
                for _ in 0..<n where random.double(in: 0..<1) < rate { yes += 1 }
                lines.append("\(unit.code),\(period),\(item.code),yes,\(yes)")
                lines.append("\(unit.code),\(period),\(item.code),no,\(n - yes)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// A hash that does not change between runs (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var h: UInt64 = 1_469_598_103_934_665_603
        for byte in utf8 { h = (h ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Int(h % 1_000_003)
    }
}
