import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

/// The options that say which report: survey, period, units, scope, boundaries.
struct ReportOptions: ParsableArguments {
    @Option(help: "The survey code, e.g. sipas-2017.") var survey: String
    @Option(help: "The survey version (default: the latest).") var version: Int?
    @Option(help: "The period: YYYY-MM, YYYY-Qn or YYYY.") var period: String?
    @Option(help: "First period of a span (with --to).") var from: String?
    @Option(help: "Last period of a span (with --from).") var to: String?
    @Option(help: "Only units of this level: province, department, district or commune.") var level: UnitLevel?
    @Option(help: "Only these units, by code or exact name, comma-separated.") var units: String?
    @Option(help: "self: a unit's own figures; area: the unit and all units below it.") var scope: ReportService.Scope = .self
    @Option(help: "as-reported (the structure of the period), current (today's), or a date YYYY-MM-DD.") var boundaries:
        ReportService.Boundaries = .asReported
    @Option(help: "The target in percent (default: the survey's, 91).") var target: Double?
    @Option(help: "Completeness (a month or quarter): data are due by this day of the month after the period.") var deadlineDay = 5
    @Option(help: "The form of the report.") var format: ReportFormat = .text
    @Option(help: "With --format csv: only this table.") var table: ReportTables.Name?
    @Option(help: "Language of the text: vi or en.") var lang: Language = .vi
    @Option(name: .shortAndLong, help: "Write to this file instead of the terminal.") var output: String?
    @Option(
        help: "With --format docx or pdf: a YAML or JSON file naming the issuing body, number, place, signer and recipients (see README).")
    var documentSettings: String?
    @Option(help: "With --format docx or pdf: the document's number (default: left blank to write in).") var documentNumber: String?
    @Option(help: "With --format docx or pdf: the document's date, YYYY-MM-DD (default: today).") var documentDate: CalendarDate?
    @Option(help: "With --format docx or pdf: the signer's name.") var signer: String?
    @Flag(
        help:
            "Leave out the public answers flagged as posted too fast or in a burst from one address, and say how many were left out."
    )
    var excludeFlagged = false
    @Flag(help: "Show each unit's index per channel (paper, kiosk, web, phone, post) and whether the channels differ significantly.")
    var byChannel = false

    func validate() throws {
        if period == nil && (from == nil || to == nil) { throw ValidationError("give --period P, or --from P and --to P") }
        for (name, value) in [("--period", period), ("--from", from), ("--to", to)] {
            if let value, Period(value) == nil {
                throw ValidationError("\(name) \(value) is not a period; expected YYYY-MM, YYYY-Qn or YYYY")
            }
        }
        if let target, !(target > 0 && target <= 100) {
            throw ValidationError("--target \(target): expected a percentage above 0 and at most 100")
        }
        guard (1...28).contains(deadlineDay) else { throw ValidationError("--deadline-day \(deadlineDay): expected a day 1–28") }
    }

    func request(unitCodes: [String]? = nil) -> ReportService.Request {
        let first = Period(from ?? period!)!
        let last = Period(to ?? period!)!
        let codes = unitCodes ?? (units?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        return ReportService.Request(
            surveyCode: survey, surveyVersion: version, from: first, to: last, level: level, unitCodes: codes,
            scope: scope, boundaries: boundaries,
            target: target, today: today(), reporting: ReportingRules(deadlineDay: deadlineDay), excludeFlagged: excludeFlagged,
            byChannel: byChannel)
    }
}
