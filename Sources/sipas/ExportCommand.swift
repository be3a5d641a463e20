import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export responses, tallies or counts for analysts (CSV, XLSX or JSON lines), with a codebook.",
        discussion:
            "CSV and JSON stream row by row. A codebook of items, options and labels is written beside the data (FILE-codebook.csv), or as a second sheet in XLSX. Text that a spreadsheet would take for a formula is neutralised."
    )

    enum Format: String, ExpressibleByArgument { case csv, xlsx, json }

    @Argument(help: "responses, tallies or counts.") var what: ExportKind
    @Option(help: "The survey code.") var survey: String
    @Option(help: "The period: YYYY-MM, YYYY-Qn or YYYY.") var period: String
    @Option(help: "csv, xlsx or json (JSON lines).") var format: Format = .csv
    @Option(name: .shortAndLong, help: "The file to write (default: sipas-WHAT-PERIOD.FORMAT).") var output: String?

    func validate() throws {
        if Period(period) == nil { throw ValidationError("--period \(period) is not a period; expected YYYY-MM, YYYY-Qn or YYYY") }
    }

    func run() async throws {
        let period = Period(period)!
        let path = output ?? "sipas-\(what.rawValue)-\(period).\(format == .json ? "jsonl" : format.rawValue)"
        let url = URL(fileURLWithPath: path)
        let (what, format, surveyCode) = (what, format, survey)
        let count = try await CommandContext().withDatabase { db -> Int in
            let service = ExportService(db)
            let plan = try await service.plan(what, surveyCode: surveyCode, period: period, user: nil)
            let sink = try ExportSink(url: url, format: format, header: plan.header)
            try await service.rows(plan) { try sink.write($0) }
            try sink.finish(codebook: plan.codebook)
            return sink.rows
        }
        print("wrote \(path): \(count) row(s)\(format == .xlsx ? "" : " and its codebook")")
    }
}
