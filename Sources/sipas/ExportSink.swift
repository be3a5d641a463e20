import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

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
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
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
            let book = XLSXSheet(
                name: "Codebook", rows: ([Codebook.header] + codebook).map { $0.map { .text(TableExport.neutralised($0)) } },
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
