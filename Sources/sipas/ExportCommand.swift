import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export responses, tallies or counts for analysts (CSV, XLSX or JSON lines), with a codebook.",
        discussion: "CSV and JSON stream row by row. A codebook of items, options and labels is written beside the data (FILE-codebook.csv), or as a second sheet in XLSX. Text that a spreadsheet would take for a formula is neutralised.")

    enum What: String, ExpressibleByArgument { case responses, tallies, counts }
    enum Format: String, ExpressibleByArgument { case csv, xlsx, json }

    @Argument(help: "responses, tallies or counts.") var what: What
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
            let (surveyID, survey) = try await SurveyStore(db).get(code: surveyCode)
            let header: [String]
            switch what {
            case .counts: header = ["unit", "unit_name", "period_kind", "period_start", "item", "option", "channel", "count"]
            case .tallies: header = ["upload", "unit", "unit_name", "period_kind", "period_start", "item", "option", "count"]
            case .responses: header = ["id", "unit", "date", "channel"] + survey.allItems.map(\.code)
            }
            let sink = try ExportSink(url: url, format: format, header: header)
            let store = ExportStore(db)
            switch what {
            case .counts: try await store.counts(surveyID: surveyID, from: period, to: period) { try sink.write($0) }
            case .tallies: try await store.tallies(surveyID: surveyID, from: period, to: period) { try sink.write($0) }
            case .responses: try await store.responses(surveyID: surveyID, survey: survey, from: period, to: period) { try sink.write($0) }
            }
            try sink.finish(codebook: Codebook.rows(survey))
            return sink.rows
        }
        print("wrote \(path): \(count) row(s)\(format == .xlsx ? "" : " and its codebook")")
    }
}

/// The items and options of a survey with their labels, for reading an export.
enum Codebook {
    static let header = ["item", "kind", "group", "element", "text_vi", "text_en", "option", "label_vi", "label_en"]

    static func rows(_ survey: Survey) -> [[String]] {
        var rows: [[String]] = []
        let elementOf = Dictionary(survey.elements.flatMap { e in e.items.map { ($0.code, e.code) } }, uniquingKeysWith: { a, _ in a })
        for item in survey.allItems {
            let base = [item.code, item.kind.rawValue, item.group.rawValue, elementOf[item.code] ?? "", item.text.vi, item.text.en]
            if item.kind == .satisfaction {
                for code in SatisfactionScale.optionCodes {
                    rows.append(base + [code, SatisfactionScale.labels[code]!.vi, SatisfactionScale.labels[code]!.en])
                }
            } else if item.options.isEmpty {
                rows.append(base + ["", "", ""])
            } else {
                for option in item.options { rows.append(base + [option.code, option.label.vi, option.label.en]) }
            }
        }
        return rows
    }
}

/// Writes rows as they come: CSV (BOM, neutralised text), JSON lines, or collected for XLSX.
final class ExportSink {
    let url: URL
    let format: ExportCommand.Format
    let header: [String]
    private var handle: FileHandle?
    private var buffer = Data()
    private var sheetRows: [[XLSXCell]] = []
    private(set) var rows = 0

    init(url: URL, format: ExportCommand.Format, header: [String]) throws {
        self.url = url
        self.format = format
        self.header = header
        if format != .xlsx {
            FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
            if format == .csv { buffer.append(Self.csvLine(header, bom: true)) }
        }
    }

    static func csvLine(_ fields: [String], bom: Bool = false) -> Data {
        Data(((bom ? "\u{FEFF}" : "") + fields.map { TableExport.quote(TableExport.neutralised($0)) }.joined(separator: ",") + "\r\n").utf8)
    }

    func write(_ fields: [String]) throws {
        rows += 1
        switch format {
        case .csv: buffer.append(Self.csvLine(fields))
        case .json:
            let object = Dictionary(zip(header, fields), uniquingKeysWith: { a, _ in a })
            buffer.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            buffer.append(0x0A)
        case .xlsx:
            sheetRows.append(fields.map { Double($0).map { .number($0) } ?? .text(TableExport.neutralised($0)) })
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish(codebook: [[String]]) throws {
        switch format {
        case .xlsx:
            let data = XLSXSheet(name: "Data", rows: [header.map { .text($0) }] + sheetRows, frozenRows: 1, boldRows: [0])
            let book = XLSXSheet(name: "Codebook", rows: ([Codebook.header] + codebook).map { $0.map { .text(TableExport.neutralised($0)) } },
                                 columnWidths: [10, 16, 12, 8, 60, 40, 10, 24, 24], frozenRows: 1, boldRows: [0])
            try XLSXWriter.write([data, book], to: url)
        case .csv, .json:
            try flush()
            try handle?.close()
            let stem = url.deletingPathExtension().path
            var text = Self.csvLine(Codebook.header, bom: true)
            for row in codebook { text.append(Self.csvLine(row)) }
            try text.write(to: URL(fileURLWithPath: stem + "-codebook.csv"))
        }
    }
}
