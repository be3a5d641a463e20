import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASServer
import SIPASStore

/// The options that say which report: survey, period, units, scope, boundaries.
struct ReportOptions: ParsableArguments {
    @Option(help: "The survey code, e.g. sipas-2017.") var survey: String
    @Option(help: "The survey version (default: the latest).") var version: Int?
    @Option(help: "The period: YYYY-MM, YYYY-Qn or YYYY.") var period: String?
    @Option(help: "First period of a span (with --to).") var from: String?
    @Option(help: "Last period of a span (with --from).") var to: String?
    @Option(help: "Only units of this level: province, department, district or commune.") var level: UnitLevel?
    @Option(help: "Only these units, by code or exact name, comma-separated.") var units: String?
    @Option(help: "self: a unit's own figures; area: the unit and all units below it.") var scope: String = "self"
    @Option(help: "as-reported (the structure of the period), current (today's), or a date YYYY-MM-DD.") var boundaries: String = "as-reported"
    @Option(help: "The target in percent (default: the survey's, 91).") var target: Double?
    @Option(help: "text, json, html, xlsx or csv.") var format: Format = .text
    @Option(help: "With --format csv: only this table (summary, units, elements, criteria, counts, method).") var table: String?
    @Option(help: "Language of the text: vi or en.") var lang: Language = .vi
    @Option(name: .shortAndLong, help: "Write to this file instead of the terminal.") var output: String?

    enum Format: String, ExpressibleByArgument { case json, text, html, xlsx, csv }

    func validate() throws {
        if period == nil && (from == nil || to == nil) { throw ValidationError("give --period P, or --from P and --to P") }
        for (name, value) in [("--period", period), ("--from", from), ("--to", to)] {
            if let value, Period(value) == nil { throw ValidationError("\(name) \(value) is not a period; expected YYYY-MM, YYYY-Qn or YYYY") }
        }
        if ReportService.Scope(rawValue: scope) == nil { throw ValidationError("--scope \(scope): expected self or area") }
        if ReportService.Boundaries(boundaries) == nil { throw ValidationError("--boundaries \(boundaries): expected as-reported, current or a date YYYY-MM-DD") }
        if let target, !(target > 0 && target <= 100) { throw ValidationError("--target \(target): expected a percentage above 0 and at most 100") }
        if let table, !ReportTables.names.contains(table) { throw ValidationError("--table \(table): expected one of \(ReportTables.names.joined(separator: ", "))") }
    }

    func request(unitCodes: [String]? = nil) -> ReportService.Request {
        let first = Period(from ?? period!)!, last = Period(to ?? period!)!
        let codes = unitCodes ?? (units?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        return ReportService.Request(
            surveyCode: survey, surveyVersion: version, from: first, to: last, level: level, unitCodes: codes,
            scope: ReportService.Scope(rawValue: scope)!, boundaries: ReportService.Boundaries(boundaries)!,
            target: target, today: today())
    }

    /// Computes the report (and its printable HTML when asked for) and writes it; with
    /// `SIPAS_TIMING=1`, prints how long each phase took (see `PhaseTiming`).
    func produce(_ request: ReportService.Request) async throws {
        let (lang, wantsHTML) = (self.lang, format == .html)
        let (report, survey, html, measured) = try await CommandContext().withDatabase { db -> (Report, Survey, String?, PhaseTiming) in
            var timing = PhaseTiming()
            let (input, survey) = try await ReportService(db).input(request)
            timing.lap("read")
            let report = ReportBuilder.build(input)
            timing.lap("build")
            var html: String?
            if wantsHTML {
                html = try await ReportDocumentService(db).html(report, survey: survey, request: request, language: lang)
                timing.lap("encode")
            }
            return (report, survey, html, timing)
        }
        var timing = measured
        try await emit(report, survey: survey, html: html, timing: &timing)
        timing.report()
    }

    /// Prints or writes the report in the chosen format, timing the encoding and the writing.
    func emit(_ report: Report, survey: Survey, html: String?, timing: inout PhaseTiming) async throws {
        let base = output ?? "sipas-report-\(report.period)"
        switch format {
        case .json:
            // Byte for byte what JSONEncoder with [.prettyPrinted, .sortedKeys,
            // .withoutEscapingSlashes] writes (see Report.jsonData), and a newline; written in
            // pieces as it is encoded.
            let file = try OutputFile(output)
            defer { file.close() }
            let clock = ContinuousClock()
            var writing = Duration.zero
            do {
                try report.writeJSON(.pretty) { piece in
                    let start = clock.now
                    try file.write(piece)
                    writing += clock.now - start
                }
            } catch {
                // No half-written report is left behind.
                file.remove()
                throw error
            }
            timing.lap("encode", of: "write", took: writing)
            try file.write(Data("\n".utf8))
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
            timing.lap("write")
        case .text:
            let text = ReportText.render(report, survey: survey, language: lang) + "\n"
            timing.lap("encode")
            let file = try OutputFile(output)
            defer { file.close() }
            try file.write(Data(text.utf8))
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
            timing.lap("write")
        case .html:
            guard let html else { throw ValidationError("--format html is not available for this command") }
            let path = output ?? base + ".html"
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
            timing.lap("write")
            print(path)
        case .xlsx:
            let path = output ?? base + ".xlsx"
            let tables = ReportTables.tables(report, survey: survey, language: lang)
            timing.lap("encode")
            try TableExport.xlsx(tables, to: URL(fileURLWithPath: path))
            timing.lap("write")
            print(path)
        case .csv:
            let tables = ReportTables.tables(report, survey: survey, language: lang)
            timing.lap("encode")
            defer { timing.lap("write") }
            if let name = table, let one = tables.first(where: { $0.name == name }) {
                if let output {
                    try TableExport.csv(one).write(to: URL(fileURLWithPath: output))
                    print(output)
                } else {
                    FileHandle.standardOutput.write(TableExport.csv(one))
                }
            } else {
                // One file per table: BASE-units.csv, BASE-criteria.csv, …
                let stem = base.hasSuffix(".csv") ? String(base.dropLast(4)) : base
                for one in tables {
                    let path = "\(stem)-\(one.name).csv"
                    try TableExport.csv(one).write(to: URL(fileURLWithPath: path))
                    print(path)
                }
            }
        }
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "SIPAS indices per unit for a period: criteria, elements, overall, intervals, target verdicts, ranks and changes.")
    @OptionGroup var options: ReportOptions

    func run() async throws {
        let request = options.request()
        try await options.produce(request)
    }
}

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare units (e.g. districts) in a period: each against the province, and which cannot be told apart.")
    @OptionGroup var options: ReportOptions

    func validate() throws {
        if options.units == nil && options.level == nil { throw ValidationError("give the units to compare with --units A,B,… (or a --level)") }
    }

    func run() async throws {
        let request = options.request()
        try await options.produce(request)
    }
}

struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "A unit's overall and element indices month by month.")
    @Option(help: "The survey code.") var survey: String
    @Option(help: "The unit, by code or exact name.") var unit: String
    @Option(help: "First month (YYYY-MM).") var from: String
    @Option(help: "Last month (YYYY-MM).") var to: String
    @Option(help: "self or area.") var scope: String = "self"
    @Option(help: "json or text.") var format: TrendFormat = .text

    enum TrendFormat: String, ExpressibleByArgument { case json, text }
    @Option(help: "vi or en.") var lang: Language = .vi

    func validate() throws {
        guard let a = Period(from), let b = Period(to), a.kind == .month, b.kind == .month, a <= b else {
            throw ValidationError("--from and --to are months YYYY-MM, --from not after --to")
        }
    }

    func run() async throws {
        let (surveyCode, unit, scope, first, last, now) = (survey, unit, ReportService.Scope(rawValue: scope) ?? .self, Period(from)!, Period(to)!, today())
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
            var lines: [[String]] = [[vi ? "Kỳ" : "Period", vi ? "Phiếu khảo sát" : "Survey", vi ? "Số phiếu" : "Respondents",
                                      vi ? "Chỉ số chung" : "Overall", vi ? "Khoảng tin cậy 95 %" : "95 % interval"]]
            for point in trend.points {
                lines.append([Period(point.period)?.label(lang) ?? point.period, point.survey, "\(point.respondents)",
                              NumberFormatting.percent(point.overall.index, language: lang),
                              "\(NumberFormatting.percent(point.overall.ciLow, language: lang)) – \(NumberFormatting.percent(point.overall.ciHigh, language: lang))"])
            }
            print("\(trend.unit) \(trend.name)")
            print(table(lines))
            if !trend.unmapped.isEmpty { print((vi ? "Không nối được: " : "Not mapped: ") + trend.unmapped.joined(separator: "; ")) }
        }
    }
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan the survey.", subcommands: [Sample.self])

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How many questionnaires a unit needs: Yamane's n = N / (1 + N·e²) (QĐ 1383/QĐ-BNV, 2012).")
        @Option(help: "N: the number of procedures the unit handled in the period.") var procedures: Int
        @Option(help: "e: the margin of error (0.05 = 5 %).") var margin: Double = 0.05

        func validate() throws {
            if procedures < 0 { throw ValidationError("--procedures must be 0 or more") }
            if !(margin > 0 && margin < 1) { throw ValidationError("--margin must lie between 0 and 1, e.g. 0.05") }
        }

        func run() throws {
            let n = Statistics.yamane(population: procedures, margin: margin)
            print("Cần \(n) phiếu (N = \(procedures) hồ sơ, sai số e = \(NumberFormatting.decimal(margin * 100, digits: 1, language: .vi)) %; n = N / (1 + N·e²), làm tròn lên).")
        }
    }
}
