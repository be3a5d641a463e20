import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

extension UploadsCommand {
    struct Missing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who has not sent data for a period: every unit that must report, by district area, on time, late or missing.",
            discussion:
                "A unit must report when it is valid during the period and at one of --levels. Its data are on time when the first of them arrived by --deadline-day of the month after the period (Vietnam time), late after it."
        )
        @Option(help: "The period: YYYY-MM or YYYY-Qn.") var period: String
        @Option(help: "Only data of this survey count (default: any survey).") var survey: String?
        @Option(parsing: .upToNextOption, help: "The levels that must report.") var levels: [UnitLevel] = [
            .department, .district, .commune,
        ]
        @Option(help: "Data are due by this day of the month after the period.") var deadlineDay = 5
        @Flag(help: "List every unit with its status, not only the missing ones.") var all = false
        @Option(help: "text or json.") var format: OutputFormat = .text

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func validate() throws {
            guard let p = Period(period), p.kind != .year else {
                throw ValidationError("--period \(period) is not a month YYYY-MM or a quarter YYYY-Qn")
            }
            guard (1...28).contains(deadlineDay) else { throw ValidationError("--deadline-day \(deadlineDay): expected a day 1–28") }
        }

        func run() async throws {
            let (period, survey, rules) = (Period(period)!, survey, ReportingRules(levels: levels, deadlineDay: deadlineDay))
            let result = try await CommandContext().withDatabase { db in
                try await CompletenessService(db).completeness(surveyCode: survey, period: period, rules: rules)
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            case .text:
                print(Self.text(result, period: period, all: all))
            }
        }

        static func text(_ c: Completeness, period: Period, all: Bool) -> String {
            func pct(_ value: Double?) -> String { value.map { NumberFormatting.percent($0, language: .vi) } ?? "—" }
            var lines = [
                "Báo cáo \(period.label(.vi)) — hạn gửi \(c.deadline.label(.vi))",
                "Toàn tỉnh: \(c.total.expected) đơn vị phải gửi; đúng hạn \(c.total.onTime), muộn \(c.total.late), chưa gửi \(c.total.missing) (đã gửi \(pct(c.total.completeness)))",
                "",
            ]
            var rows = [["Địa bàn", "Phải gửi", "Đúng hạn", "Muộn", "Chưa gửi", "Tỉ lệ đã gửi"]]
            for a in c.areas {
                rows.append(["\(a.code) \(a.name)", "\(a.expected)", "\(a.onTime)", "\(a.late)", "\(a.missing)", pct(a.completeness)])
            }
            lines.append(table(rows))
            let shown = c.units.filter { all || $0.status == .missing }
            lines.append("")
            if shown.isEmpty {
                lines.append("Mọi đơn vị đã gửi số liệu.")
            } else {
                lines.append(all ? "Các đơn vị:" : "Chưa gửi:")
                var list = [["Địa bàn", "Mã", "Tên", "Cấp", "Tình trạng", "Nhận ngày"]]
                for u in shown {
                    list.append([u.area, u.code, u.name, u.level.label.vi, u.status.label.vi, u.received?.label(.vi) ?? ""])
                }
                lines.append(table(list))
            }
            return lines.joined(separator: "\n")
        }
    }
}
