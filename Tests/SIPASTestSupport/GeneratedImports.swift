import Foundation
import SIPASCore
import SIPASFiles

/// Tally and questionnaire files made up at random (seeded) for a unit and month, with the
/// counts they must bring, worked out here from the cells as a person would count them.
public struct GeneratedImport: Sendable {
    public enum Kind: String, Sendable { case tallies, responses }

    public var url: URL
    public var kind: Kind
    public var unit: String
    public var period: String
    /// Data rows of the file: what the upload's row_count must be.
    public var rows: Int
    public var questionnaires: Int
    /// The counts the file brings, summed over channels (zeros left out).
    public var counts: [CountCell: Int]

    public var sha256: String { (try? FileDigest.sha256(of: url)) ?? "" }

    /// A long-layout tally (CSV, or XLSX when `xlsx`) of `n` questionnaires: for every item,
    /// counts that add up to `n` (a multiple choice's options at most `n` in all).
    public static func tally(
        _ survey: Survey, unit: String, month: String, n: Int, seed: UInt64, xlsx: Bool = false,
        in folder: URL, name: String
    ) throws -> GeneratedImport {
        var random = SeededGenerator(state: seed)
        var rows: [[String]] = [[unit, month, "questionnaires", "", String(n)]]
        for item in survey.allItems {
            if item.kind == .profile && item.options.isEmpty { continue }
            let options = item.kind == .satisfaction ? ["1", "2", "3", "4", "5", "na"] : item.options.map(\.code) + ["na"]
            if item.kind == .multipleChoice {
                // At most n / options each, so that no more answers are counted than allowed.
                let most = n / item.options.count
                for option in item.options.map(\.code) {
                    rows.append([unit, month, item.code, option, String(Int.random(in: 0...most, using: &random))])
                }
                continue
            }
            // Split n among the options at random.
            var left = n
            for (i, option) in options.enumerated() {
                let count = i == options.count - 1 ? left : Int.random(in: 0...left, using: &random) / 2
                left -= count
                rows.append([unit, month, item.code, option, String(count)])
            }
        }
        let url = folder.appendingPathComponent(name)
        let header = ["unit", "period", "item", "option", "count"]
        if xlsx {
            let cells: [[XLSXCell]] =
                [header.map { .text($0) }]
                + rows.map { row in
                    row.enumerated().map { j, cell in
                        j == 4 ? .number(Double(cell)!, format: .integer) : (cell.isEmpty ? .empty : .text(cell))
                    }
                }
            try XLSXWriter.write([XLSXSheet(name: "Tally", rows: cells)], to: url)
        } else {
            try (([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(
                to: url, atomically: true, encoding: .utf8)
        }
        var counts: [CountCell: Int] = [:]
        let start = month + "-01"
        for row in rows where row[4] != "0" {
            counts[CountCell(unit: unit, periodStart: start, item: row[2], option: row[3]), default: 0] += Int(row[4])!
        }
        return GeneratedImport(url: url, kind: .tallies, unit: unit, period: month, rows: rows.count, questionnaires: n, counts: counts)
    }

    /// `n` questionnaires answered at random (a fifth of the answers left empty), one per row, CSV.
    public static func questionnaires(
        _ survey: Survey, unit: String, month: String, n: Int, seed: UInt64,
        in folder: URL, name: String
    ) throws -> GeneratedImport {
        var random = SeededGenerator(state: seed)
        let items = survey.allItems.filter { !($0.kind == .profile && $0.options.isEmpty) }
        let channels = ["paper", "kiosk", "web", "phone"]
        let start = month + "-01"
        var counts: [CountCell: Int] = [:]
        var text = (["unit", "date", "channel"] + items.map(\.code)).joined(separator: ",") + "\n"
        for i in 0..<n {
            var row = [
                unit, "\(month)-\(String(format: "%02d", 1 + i % 28))", channels[Int.random(in: 0..<channels.count, using: &random)],
            ]
            counts[CountCell(unit: unit, periodStart: start, item: "questionnaires", option: ""), default: 0] += 1
            for item in items {
                var chosen: [String]
                if Int.random(in: 0..<5, using: &random) == 0 {
                    chosen = []
                } else {
                    switch item.kind {
                    case .satisfaction: chosen = [String(Int.random(in: 1...5, using: &random))]
                    case .multipleChoice:
                        chosen = Array(
                            Set((0..<Int.random(in: 1...2, using: &random)).map { _ in item.options.randomElement(using: &random)!.code })
                        ).sorted()
                    default: chosen = [item.options.randomElement(using: &random)!.code]
                    }
                }
                row.append(chosen.joined(separator: "|"))
                for option in chosen.isEmpty ? ["na"] : chosen {
                    counts[CountCell(unit: unit, periodStart: start, item: item.code, option: option), default: 0] += 1
                }
            }
            text += row.joined(separator: ",") + "\n"
        }
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return GeneratedImport(url: url, kind: .responses, unit: unit, period: month, rows: n, questionnaires: n, counts: counts)
    }
}

extension Dictionary where Key == CountCell, Value == Int {
    /// The sum of several files' counts.
    public static func sum(_ files: [GeneratedImport]) -> [CountCell: Int] {
        var total: [CountCell: Int] = [:]
        for file in files { total.merge(file.counts, uniquingKeysWith: +) }
        return total
    }
}
