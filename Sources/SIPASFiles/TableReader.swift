import Foundation
import SIPASCore

/// Rows of a CSV, XLSX or XLS file, one at a time, with the row number a person sees in the
/// file. Workbook sheets (XLSX, and .xls through FreeXL) are first written out row by row to a temporary CSV (keeping each row's sheet
/// number), so that both formats stream through the same reader with bounded memory.
public struct TableReader: @unchecked Sendable {
    public let file: String
    public let isSpreadsheet: Bool
    public let encoding: TextEncoding?
    private var reader: DelimitedFileReader
    private let temporaryCSV: URL?
    private var header: [String] = []
    /// The fields of the record being read, kept to reuse their storage.
    private var fields = RowCells()

    /// Opens `url`: an XLSX workbook (recognised by its zip signature), an Excel 97–2003
    /// workbook (its OLE2 signature) or delimited text in any common encoding and delimiter
    /// (detected unless given). Other binary files (PDF, images, archives) are refused by name.
    public init(url: URL, encoding: TextEncoding? = nil, delimiter: Character? = nil) throws {
        file = url.path
        let handle = FileHandle(forReadingAtPath: url.path)
        guard let handle else {
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "cannot open the file; check the path")])
        }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        try? handle.close()
        let zip =
            head.starts(with: [0x50, 0x4B, 0x03, 0x04])
            || (url.pathExtension.lowercased() == "xlsx" && !head.starts(with: XLSReader.signature))
        if zip || head.starts(with: XLSReader.signature) {
            isSpreadsheet = true
            self.encoding = nil
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-sheet-\(UUID().uuidString).csv")
            do {
                if zip { try Self.convert(xlsx: url, to: csv) } else { try Self.convert(xls: url, to: csv) }
            } catch let error as XLSXError {
                try? FileManager.default.removeItem(at: csv)
                throw FileProblems([FileProblem(file: url.path, line: nil, message: error.description)])
            }
            temporaryCSV = csv
            reader = try Self.openDelimited(csv, encoding: .utf8, delimiter: ",", displayName: url.path)
        } else {
            if let kind = Self.binaryKind(head) {
                throw FileProblems([
                    FileProblem(file: url.path, line: nil, message: "the file is \(kind), not a table; save the table as .xlsx or .csv")
                ])
            }
            isSpreadsheet = false
            temporaryCSV = nil
            reader = try Self.openDelimited(url, encoding: encoding, delimiter: delimiter, displayName: url.path)
            self.encoding = reader.encoding
        }
    }

    static func openDelimited(_ url: URL, encoding: TextEncoding?, delimiter: Character?, displayName: String) throws -> DelimitedFileReader
    {
        do {
            return try DelimitedFileReader(url: url, encoding: encoding, delimiter: delimiter)
        } catch let error as DelimitedTextError {
            throw FileProblems([error.problem(file: displayName)])
        }
    }

    /// Removes the temporary copy of a spreadsheet.
    public func close() {
        if let temporaryCSV { try? FileManager.default.removeItem(at: temporaryCSV) }
    }

    /// The next non-empty row: its number in the file and its cells (trimmed of surrounding
    /// spaces, NFC-normalised).
    public mutating func next() throws -> (line: Int, cells: [String])? {
        var cells = RowCells()
        guard let line = try nextCells(into: &cells) else { return nil }
        return (line, cells.strings)
    }

    /// As ``next()``, with the row's cells put into `cells` (emptied first) as UTF-8 bytes,
    /// exactly the bytes of the strings ``next()`` returns; returns the row's number. Refilling
    /// one `cells` value row after row reuses its storage.
    public mutating func nextCells(into cells: inout RowCells) throws -> Int? {
        while true {
            let recordLine: Int?
            do {
                recordLine = try reader.nextRecord(into: &fields)
            } catch let error as DelimitedTextError {
                throw FileProblems([error.problem(file: file)])
            }
            guard var line = recordLine else { return nil }
            var first = 0
            if isSpreadsheet, fields.count > 0, let number = Int(fields.string(0)) {
                line = number
                first = 1
            }
            if first == 0
                && !fields.bytes.withUnsafeBufferPointer({ bytes in
                    (0..<fields.count).contains { Self.mayNeedTrimming(UnsafeBufferPointer(rebasing: bytes[fields.range($0)])) }
                })
            {
                // Nothing to trim (most rows): hand the fields over as they are, and keep the
                // storage of `cells` for the next record.
                if fields.bytes.isEmpty { continue }
                swap(&fields, &cells)
                return line
            }
            cells.removeAll()
            var allEmpty = true
            fields.bytes.withUnsafeBufferPointer { bytes in
                for index in first..<fields.count {
                    let cell = UnsafeBufferPointer(rebasing: bytes[fields.range(index)])
                    Self.appendTrimmed(cell, to: &cells)
                    if !cells.isEmpty(cells.count - 1) { allEmpty = false }
                }
            }
            if allEmpty { continue }
            return line
        }
    }

    /// Appends a cell without the spaces, tabs and other Unicode space separators (general
    /// category Zs) around it, as Foundation's `trimmingCharacters(in: .whitespaces)` does.
    static func appendTrimmed(_ cell: UnsafeBufferPointer<UInt8>, to cells: inout RowCells) {
        guard mayNeedTrimming(cell) else {
            // Foundation's trimming is costly per cell: only call it when there is something to trim.
            cells.append(cell)
            return
        }
        if UTF8Validation.firstNonASCII(in: cell) == cell.count {
            // In ASCII, the only characters of `.whitespaces` are the space and the tab.
            var start = 0
            var end = cell.count
            while start < end && (cell[start] == 0x20 || cell[start] == 0x09) { start += 1 }
            while end > start && (cell[end - 1] == 0x20 || cell[end - 1] == 0x09) { end -= 1 }
            cells.append(UnsafeBufferPointer(rebasing: cell[start..<end]))
        } else {
            cells.append(String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        }
    }
    /// True when the cell starts or ends with a space, a tab or a no-break space (U+00A0, which
    /// Excel users type): a byte test, far cheaper than Foundation's trimming on every cell.
    @inline(__always)
    static func mayNeedTrimming(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = cell.first, let last = cell.last else { return false }
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
        try writeRows(to: csv) { row in try workbook.forEachRow { try row($0.number, $0.cells) } }
    }

    /// The same for an Excel 97–2003 workbook (.xls), read by FreeXL.
    static func convert(xls: URL, to csv: URL) throws {
        try writeRows(to: csv) { row in try XLSReader.forEachRow(xls, row) }
    }

    /// Writes the rows `source` gives (row number, cells) as UTF-8 CSV lines "number,cells…".
    private static func writeRows(to csv: URL, _ source: ((Int, [String]) throws -> Void) throws -> Void) throws {
        guard FileManager.default.createFile(atPath: csv.path, contents: nil), let out = FileHandle(forWritingAtPath: csv.path) else {
            throw XLSXError("cannot write a temporary file")
        }
        defer { try? out.close() }
        var buffer = Data()
        try source { number, cells in
            var fields = [String(number)]
            fields.append(contentsOf: cells)
            buffer.append(contentsOf: fields.map(Self.quote).joined(separator: ",").utf8)
            buffer.append(0x0A)
            if buffer.count > 1 << 20 {
                out.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        out.write(buffer)
    }

    /// What a binary file that is no table is, by its first bytes ("a PDF document"), or nil.
    static func binaryKind(_ head: [UInt8]) -> String? {
        let kinds: [([UInt8], String)] = [
            (Array("%PDF".utf8), "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            (Array("GIF8".utf8), "a GIF image"), ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"), ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
            (Array("{\\rtf".utf8), "an RTF document (WordPad, Word)"), ([0x1F, 0x8B], "a gzip archive"),
            ([0x37, 0x7A, 0xBC, 0xAF], "a 7-Zip archive"), (Array("Rar!".utf8), "a RAR archive"),
        ]
        return kinds.first { head.starts(with: $0.0) }?.1
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
