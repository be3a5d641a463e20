import Foundation
import SIPASCore

/// Rows of a CSV or XLSX file, one at a time, with the row number a person sees in the file.
/// XLSX sheets are first written out row by row to a temporary CSV (keeping each row's sheet
/// number), so that both formats stream through the same reader with bounded memory.
public struct TableReader: @unchecked Sendable {
    public let file: String
    public let isSpreadsheet: Bool
    public let encoding: TextEncoding?
    private var reader: DelimitedFileReader
    private let temporaryCSV: URL?
    private var header: [String] = []

    /// Opens `url`: an XLSX workbook (recognised by its zip signature) or delimited text in any
    /// common encoding and delimiter (detected unless given).
    public init(url: URL, encoding: TextEncoding? = nil, delimiter: Character? = nil) throws {
        file = url.path
        let handle = FileHandle(forReadingAtPath: url.path)
        guard let handle else {
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "cannot open the file; check the path")])
        }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        if magic == Data([0x50, 0x4B, 0x03, 0x04]) || url.pathExtension.lowercased() == "xlsx" {
            isSpreadsheet = true
            self.encoding = nil
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-sheet-\(UUID().uuidString).csv")
            do {
                try Self.convert(xlsx: url, to: csv)
            } catch let error as XLSXError {
                try? FileManager.default.removeItem(at: csv)
                throw FileProblems([FileProblem(file: url.path, line: nil, message: error.description)])
            }
            temporaryCSV = csv
            reader = try Self.openDelimited(csv, encoding: .utf8, delimiter: ",", displayName: url.path)
        } else {
            isSpreadsheet = false
            temporaryCSV = nil
            reader = try Self.openDelimited(url, encoding: encoding, delimiter: delimiter, displayName: url.path)
            self.encoding = reader.encoding
        }
    }

    static func openDelimited(_ url: URL, encoding: TextEncoding?, delimiter: Character?, displayName: String) throws -> DelimitedFileReader {
        do {
            return try DelimitedFileReader(url: url, encoding: encoding, delimiter: delimiter)
        } catch let error as DelimitedTextError {
            throw FileProblems([FileProblem(file: displayName, line: error.line, message: error.message)])
        }
    }

    /// Removes the temporary copy of a spreadsheet.
    public func close() {
        if let temporaryCSV { try? FileManager.default.removeItem(at: temporaryCSV) }
    }

    /// The next non-empty row: its number in the file and its cells (trimmed of surrounding
    /// spaces, NFC-normalised).
    public mutating func next() throws -> (line: Int, cells: [String])? {
        while true {
            let record: CSVRecord?
            do {
                record = try reader.next()
            } catch let error as DelimitedTextError {
                throw FileProblems([FileProblem(file: file, line: error.line, message: error.message)])
            }
            guard var record else { return nil }
            var line = record.line
            if isSpreadsheet, let first = record.fields.first, let number = Int(first) {
                line = number
                record.fields.removeFirst()
            }
            // Foundation's trimming is costly per cell: only call it when there is something to trim.
            let cells = record.fields.map { field in
                Self.mayNeedTrimming(field) ? field.trimmingCharacters(in: .whitespaces) : field
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            return (line, cells)
        }
    }

    /// True when the field starts or ends with a space, a tab or a no-break space (U+00A0, which
    /// Excel users type): a byte test, far cheaper than Foundation's trimming on every cell.
    static func mayNeedTrimming(_ field: String) -> Bool {
        guard let first = field.utf8.first, let last = field.utf8.last else { return false }
        return first == 0x20 || first == 0x09 || first == 0xC2 || last == 0x20 || last == 0x09 || last == 0xA0
    }

    /// How a column is named in messages: "C (item)" in a spreadsheet, "item" in CSV.
    public func columnLabel(_ index: Int, name: String) -> String {
        guard isSpreadsheet else { return name.isEmpty ? "\(index + 1)" : name }
        let letter = XLSXReader.columnName(index)
        return name.isEmpty ? letter : "\(letter) (\(name))"
    }

    /// Share of the file read so far, for a progress bar.
    public var fractionRead: Double {
        reader.totalBytes > 0 ? Double(reader.bytesRead) / Double(reader.totalBytes) : 1
    }

    /// Writes the first sheet of a workbook as UTF-8 CSV, each row prefixed by its sheet row number.
    static func convert(xlsx: URL, to csv: URL) throws {
        let workbook = try XLSXReader(url: xlsx)
        FileManager.default.createFile(atPath: csv.path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: csv.path) else {
            throw XLSXError("cannot write a temporary file")
        }
        defer { try? out.close() }
        var buffer = Data()
        try workbook.forEachRow { row in
            var fields = [String(row.number)]
            fields.append(contentsOf: row.cells)
            buffer.append(contentsOf: fields.map(Self.quote).joined(separator: ",").utf8)
            buffer.append(0x0A)
            if buffer.count > 1 << 20 {
                out.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        out.write(buffer)
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
