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
        discussion: "CSV and JSON stream row by row. A codebook of items, options and labels is written beside the data (FILE-codebook.csv), or as a second sheet in XLSX. Text that a spreadsheet would take for a formula is neutralised.")

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

/// Writes rows as they come to a file: CSV or JSON lines through the export row writer, or
/// collected for XLSX.
final class ExportSink {
    let url: URL
    let header: [String]
    /// The writer of CSV and JSON lines; nil for XLSX.
    private let writer: ExportRowWriter?
    private var handle: FileHandle?
    private var buffer = Data()
    private var sheetRows: [[XLSXCell]] = []
    private(set) var rows = 0

    init(url: URL, format: ExportCommand.Format, header: [String]) throws {
        self.url = url
        self.header = header
        switch format {
        case .csv: writer = ExportRowWriter(format: .csv, header: header)
        case .json: writer = ExportRowWriter(format: .jsonLines, header: header)
        case .xlsx: writer = nil
        }
        if let writer {
            FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
            buffer.append(writer.start())
        }
    }

    func write(_ fields: [String]) throws {
        rows += 1
        if let writer {
            buffer.append(writer.line(fields))
        } else {
            sheetRows.append(fields.map { Double($0).map { .number($0) } ?? .text(TableExport.neutralised($0)) })
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish(codebook: [[String]]) throws {
        if writer == nil {
            let data = XLSXSheet(name: "Data", rows: [header.map { .text($0) }] + sheetRows, frozenRows: 1, boldRows: [0])
            let book = XLSXSheet(name: "Codebook", rows: ([Codebook.header] + codebook).map { $0.map { .text(TableExport.neutralised($0)) } },
                                 columnWidths: [10, 16, 12, 8, 60, 40, 10, 24, 24], frozenRows: 1, boldRows: [0])
            try XLSXWriter.write([data, book], to: url)
        } else {
            try flush()
            try handle?.close()
            let stem = url.deletingPathExtension().path
            try ExportRowWriter.csv(header: Codebook.header, rows: codebook).write(to: URL(fileURLWithPath: stem + "-codebook.csv"))
        }
    }
}
