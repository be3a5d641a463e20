import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "A unit's overall and element indices month by month.")
    @Option(help: "The survey code.") var survey: String
    @Option(help: "The unit, by code or exact name.") var unit: String
    @Option(help: "First month (YYYY-MM).") var from: String
    @Option(help: "Last month (YYYY-MM).") var to: String
    @Option(help: "self: the unit's own figures; area: the unit and all units below it.") var scope: ReportService.Scope = .self
    @Option(help: "The form of the trend.") var format: TrendFormat = .text

    enum TrendFormat: String, ExpressibleByArgument, CaseIterable { case json, text }
    @Option(help: "vi or en.") var lang: Language = .vi

    func validate() throws {
        guard let a = Period(from), let b = Period(to), a.kind == .month, b.kind == .month, a <= b else {
            throw ValidationError("--from and --to are months YYYY-MM, --from not after --to")
        }
    }

    func run() async throws {
        let (surveyCode, unit, scope, first, last, now) = (survey, unit, scope, Period(from)!, Period(to)!, today())
        let trend = try await CommandContext().withDatabase { db in
            try await TrendService(db).trend(surveyCode: surveyCode, unit: unit, from: first, to: last, scope: scope, today: now)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(trend), as: UTF8.self))
        case .text:
            let vi = lang == .vi
            var lines: [[String]] = [
                [
                    vi ? "Kỳ" : "Period", vi ? "Phiếu khảo sát" : "Survey", vi ? "Số phiếu" : "Respondents",
                    vi ? "Chỉ số chung" : "Overall", vi ? "Khoảng tin cậy 95 %" : "95 % interval",
                ]
            ]
            for point in trend.points {
                lines.append([
                    Period(point.period)?.label(lang) ?? point.period, "\(point.survey) v\(point.version)", "\(point.respondents)",
                    NumberFormatting.percent(point.overall.index, language: lang),
                    NumberFormatting.interval(point.overall.ciLow, point.overall.ciHigh, language: lang),
                ])
            }
            print("\(trend.unit) \(trend.name)")
            print(table(lines))
            if !trend.unmapped.isEmpty { print((vi ? "Không nối được: " : "Not mapped: ") + trend.unmapped.joined(separator: "; ")) }
        }
    }
}
