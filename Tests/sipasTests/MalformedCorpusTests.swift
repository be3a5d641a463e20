import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import Testing

/// A corpus of broken files, made here at test time, each imported with `sipas import` as a
/// clerk would: every one must be refused with a message that names the file (and its line and
/// column where there is one), write nothing, end by exiting (never by a signal, never by
/// running on) and stay within a bounded amount of memory — zip bombs and a 100 MB line
/// included. A few oddities that are not errors (mixed line ends, UTF-16 without a byte-order
/// mark, formulas with their values) must import with the right counts.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct MalformedCorpusTests {
    enum Expect: Sendable {
        /// Refused; the message names the file, then `line` and `column` when given, and contains `message`.
        case refused(line: Int?, column: String?, message: String)
        /// Imported, with these counts for 18073 in March 2021.
        case accepted([String: [String: Int]])
    }

    struct Case: Sendable {
        var name: String
        var kind: String
        var make: @Sendable (URL) throws -> Void
        var expect: Expect

        init(_ name: String, _ kind: String, _ expect: Expect, make: @escaping @Sendable (URL) throws -> Void) {
            self.name = name
            self.kind = kind
            self.make = make
            self.expect = expect
        }

        /// A tally file.
        init(_ name: String, _ expect: Expect, make: @escaping @Sendable (URL) throws -> Void) {
            self.init(name, "tallies", expect, make: make)
        }
    }

    /// Peak memory any one import may reach, whatever the file.
    static let memoryLimitMiB = 300.0
    /// Time any one import may take before it counts as hanging.
    static let timeLimit = 120.0

    // MARK: - The files

    /// A long tally of Phường Nam Hà, March 2021: header on line 1, questionnaires on line 2,
    /// 1.1 option 1 on line 3 … (as in TallyImportTests).
    static let tallyLines = [
        "unit,period,item,option,count",
        "18073,2021-03,questionnaires,,40",
        "18073,2021-03,1.1,1,1",
        "18073,2021-03,1.1,2,2",
        "18073,2021-03,1.1,3,5",
        "18073,2021-03,1.1,4,20",
        "18073,2021-03,1.1,5,10",
        "18073,2021-03,1.1,na,2",
        "18073,2021-03,obs.late,yes,3",
        "18073,2021-03,obs.late,no,37",
    ]
    static let tallyCounts: [String: [String: Int]] = [
        "questionnaires": ["": 40],
        "1.1": ["1": 1, "2": 2, "3": 5, "4": 20, "5": 10, "na": 2],
        "obs.late": ["yes": 3, "no": 37],
    ]
    static var tally: String { tallyLines.joined(separator: "\n") + "\n" }

    /// The tally with line `line` (1-based) replaced.
    static func tally(line: Int, _ text: String) -> String {
        var lines = tallyLines
        lines[line - 1] = text
        return lines.joined(separator: "\n") + "\n"
    }

    static let criteria = [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
        "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4",
    ]
    static let responsesHeader = (["unit", "date", "channel", "id"] + criteria).joined(separator: ",")
    static func response(
        unit: String = "18073", date: String = "2021-03-02", channel: String = "paper", id: String = "", first: String = "4"
    ) -> String {
        ([unit, date, channel, id, first] + Array(repeating: "5", count: criteria.count - 1)).joined(separator: ",")
    }
    /// Questionnaires: header on line 1, then three valid rows; `row2` replaces line 2.
    static func responses(row2: String = response(id: "a1")) -> String {
        [responsesHeader, row2, response(date: "2021-03-03", id: "a2"), response(date: "2021-03-04", channel: "web", id: "a3")]
            .joined(separator: "\n") + "\n"
    }
    static var responsesCounts: [String: [String: Int]] {
        var counts: [String: [String: Int]] = ["questionnaires": ["": 3], "1.1": ["4": 3]]
        for c in criteria.dropFirst() { counts[c] = ["5": 3] }
        // Items without a column count as not answered.
        for item in survey.allItems where !criteria.contains(item.code) && !(item.kind == .profile && item.options.isEmpty) {
            counts[item.code] = ["na": 3]
        }
        return counts
    }

    static let survey = try! SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))

    static func write(_ text: String, _ encoding: String.Encoding = .utf8) -> @Sendable (URL) throws -> Void {
        { url in
            guard let data = text.data(using: encoding) else { throw CocoaError(.fileWriteInapplicableStringEncoding) }
            try data.write(to: url)
        }
    }

    static func bytes(_ parts: [[UInt8]]) -> @Sendable (URL) throws -> Void {
        { url in try Data(parts.joined()).write(to: url) }
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Valid UTF-8 with Vietnamese letters on line 2, then 4,000 lines (88 KB), then line 4003 up
    /// to an option: the encoding is judged on the first kilobytes after the first non-ASCII
    /// byte, so the bad bytes that follow are found by the decoder, not by the detection.
    static let utf8LaterPrefix = utf8(
        "unit,period,item,option,count\nPhường Nam Hà,2021-03,questionnaires,,40\n"
            + String(repeating: "18073,2021-03,1.1,1,1\n", count: 4000) + "18073,2021-03,1.1,")

    /// Windows-1252 as an old program writes it: what it cannot encode becomes "?".
    static func cp1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }
    }

    /// The tally as a workbook written by sipas's own XLSX writer (deflated parts).
    static func tallyWorkbook() throws -> Data {
        let rows: [[XLSXCell]] = tallyLines.enumerated().map { i, line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { j, cell in
                if i > 0 && j == 4 { return .number(Double(cell)!, format: .integer) }
                return cell.isEmpty ? .empty : .text(String(cell))
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-corpus-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write([XLSXSheet(name: "Tally", rows: rows)], to: url)
        return try Data(contentsOf: url)
    }

    /// The workbook with some of its bytes changed.
    static func damagedWorkbook(_ change: @escaping @Sendable (inout Data) -> Void) -> @Sendable (URL) throws -> Void {
        { url in
            var data = try tallyWorkbook()
            change(&data)
            try data.write(to: url)
        }
    }

    /// Offset of the central directory entry of the part whose name contains `name`, in a zip.
    static func directoryEntry(_ data: Data, containing name: String) -> Int? {
        let directoryStart = Int(data.readLE32(at: data.count - 22 + 16))
        var offset = directoryStart
        while offset + 46 <= data.count - 22 {
            func le16(_ at: Int) -> Int { Int(data[at]) | (Int(data[at + 1]) << 8) }
            let nameLength: Int = le16(offset + 28)
            let rest: Int = le16(offset + 30) + le16(offset + 32)
            let entryName = String(decoding: data[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            if entryName.contains(name) { return offset }
            offset += 46 + nameLength + rest
        }
        return nil
    }

    /// Rows of the tally as worksheet cells (for hand-made workbooks).
    static var tallyCells: [[String]] { tallyLines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } }

    static func handMade(_ rows: [[String]], sharedStrings: [String]? = nil, replacing: [String: ZipBuilder.Entry?] = [:])
        -> @Sendable (URL) throws -> Void
    {
        let data = MinimalWorkbook.data(
            sheetXML: MinimalWorkbook.sheet(rows), sharedStringsXML: sharedStrings.map(MinimalWorkbook.sharedStrings),
            replacing: replacing)
        return { url in try data.write(to: url) }
    }

    static func withCell(_ rows: [[String]], row: Int, column: Int, _ cell: String) -> [[String]] {
        var rows = rows
        rows[row - 1][column] = cell
        return rows
    }

    /// A workbook whose part `part` is a deflate stream of `prefix`, `pattern` × `repeats`,
    /// `suffix`, declared as unpacking to `declared` bytes (nil: the truth).
    static func bomb(
        part: String, prefix: String, pattern: String, repeats: Int, suffix: String, declared: UInt64? = nil,
        sharedStrings: Bool = false
    ) -> @Sendable (URL) throws -> Void {
        { url in
            let stream = url.deletingLastPathComponent().appendingPathComponent("bomb-\(UUID().uuidString).deflate")
            defer { try? FileManager.default.removeItem(at: stream) }
            let (size, crc) = try DeflateBomb.write(prefix: prefix, pattern: pattern, repeats: repeats, suffix: suffix, to: stream)
            let entry = ZipBuilder.Entry.deflated(part, try Data(contentsOf: stream), uncompressedSize: declared ?? size, crc32: crc)
            let sheet = MinimalWorkbook.sheet(sharedStrings ? [["<c r=\"REF\" t=\"s\"><v>0</v></c>"]] : tallyCells)
            var replacing: [String: ZipBuilder.Entry?] = [part: entry]
            if part != "xl/worksheets/sheet1.xml" { replacing["xl/worksheets/sheet1.xml"] = .stored("xl/worksheets/sheet1.xml", sheet) }
            try MinimalWorkbook.data(sheetXML: sheet, replacing: replacing).write(to: url)
        }
    }

    static let sheetStart =
        #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    static let sheetEnd = "</sheetData></worksheet>"
    static let stringsStart =
        #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#

    /// Writes `header`, then `count` bytes of `byte`, then `trailer`, a megabyte at a time.
    static func streamed(header: String, byte: UInt8, count: Int, trailer: String = "") -> @Sendable (URL) throws -> Void {
        { url in
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(header.utf8))
            let block = Data(repeating: byte, count: 1 << 20)
            var left = count
            while left > 0 {
                let n = min(left, block.count)
                try handle.write(contentsOf: n == block.count ? block : block.prefix(n))
                left -= n
            }
            try handle.write(contentsOf: Data(trailer.utf8))
        }
    }

    /// `count` hexadecimal digits that do not compress.
    static func randomHex(_ count: Int) -> String {
        var random = SeededGenerator(state: 2021)
        return String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &random)! })
    }

    static func refused(_ line: Int?, _ column: String?, _ message: String) -> Expect {
        .refused(line: line, column: column, message: message)
    }

    // MARK: - The corpus

    static let textCases: [Case] = [
        // Encodings.
        Case(
            "cp1252-question-marks.csv", refused(2, "unit", "no unit has the code or name \"Ph??ng Nam Hà\""),
            make: bytes([utf8("unit,period,item,option,count\n"), cp1252("Phường Nam Hà,2021-03,questionnaires,,40\n")])),
        Case("invalid-utf8-ff.csv", refused(4003, nil, "UTF-8"), make: bytes([utf8LaterPrefix, [0xFF], utf8(",5\n")])),
        Case("overlong-utf8.csv", refused(4003, nil, "UTF-8"), make: bytes([utf8LaterPrefix, [0xC0, 0xAF], utf8(",5\n")])),
        Case("lone-continuation-byte.csv", refused(4003, nil, "UTF-8"), make: bytes([utf8LaterPrefix, [0x80], utf8(",5\n")])),
        Case("utf8-cut-at-the-end.csv", refused(4003, nil, "UTF-8"), make: bytes([utf8LaterPrefix, [0xE1, 0xBB]])),
        Case("utf8-encoded-surrogate.csv", refused(4003, nil, "UTF-8"), make: bytes([utf8LaterPrefix, [0xED, 0xA0, 0x80], utf8(",5\n")])),
        Case(
            "windows-1258-undefined-byte.csv", refused(3, nil, "Windows-1258"),
            make: bytes([
                utf8("unit,period,item,option,count\n18073,2021-03,questionnaires,,40\n18073,2021-03,1.1,4,2"), [0x81], utf8("\n"),
            ])),
        Case(
            "utf16le-without-bom-cut-short.csv", refused(nil, nil, "UTF-16"),
            make: { url in try Data(tally.data(using: .utf16LittleEndian)!.dropLast()).write(to: url) }),
        Case(
            "binary-named-csv.csv", refused(nil, nil, ""),
            make: bytes([
                [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [UInt8](repeating: 0, count: 64),
                (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37) },
            ])),
        // NUL bytes and byte-order marks where they do not belong.
        Case("nul-in-count.csv", refused(3, "count", "is not a number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,1\u{0}"))),
        Case("nul-in-id.csv", "responses", refused(2, "id", "control character"), make: write(responses(row2: response(id: "a\u{0}1")))),
        Case("bom-in-count.csv", refused(3, "count", "is not a number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,1\u{FEFF}0"))),
        Case(
            "two-files-joined-with-a-bom.csv", refused(11, "period", "\"period\" is not a period"),
            make: write(tally + "\u{FEFF}" + tally)),
        // Empty and nearly empty.
        Case("empty.csv", refused(nil, nil, "the file is empty"), make: write("")),
        Case("empty-questionnaires.csv", "responses", refused(nil, nil, "the file is empty"), make: write("")),
        Case("blank-lines-only.csv", refused(nil, nil, "the file is empty"), make: write("\n\r\n \n\t\n")),
        Case("header-only.csv", refused(nil, nil, "no counts"), make: write("unit,period,item,option,count\n")),
        Case("header-only-questionnaires.csv", "responses", refused(nil, nil, "no questionnaires"), make: write(responsesHeader + "\n")),
        Case(
            "not-a-tally.csv", refused(1, nil, "neither a tally template nor a long tally"),
            make: write("Kính gửi Sở Nội vụ,\nxin gửi kèm số liệu.\n")),
        // Headers and columns.
        Case(
            "duplicate-header.csv", refused(1, "count", "appears twice"),
            make: write(tallyLines.enumerated().map { $0 == 0 ? $1 + ",count" : $1 + ",0" }.joined(separator: "\n"))),
        Case(
            "duplicate-header-questionnaires.csv", "responses", refused(1, "1.1", "appears twice"),
            make: write(responsesHeader + ",1.1\n" + response(id: "a1") + ",3\n")),
        Case("too-many-cells.csv", refused(3, nil, "more cells than the header"), make: write(tally(line: 3, "18073,2021-03,1.1,1,1,7,8"))),
        Case(
            "too-many-cells-questionnaires.csv", "responses", refused(2, nil, "more cells than the header"),
            make: write(responses(row2: response(id: "a1") + ",4,4"))),
        Case(
            "twenty-thousand-columns.csv", "responses", refused(1, "x0", "is not an item"),
            make: write(responsesHeader + "," + (0..<20_000).map { "x\($0)" }.joined(separator: ",") + "\n" + response(id: "a1") + "\n")),
        Case("unterminated-quote.csv", refused(4, nil, "closing quote"), make: write(tally(line: 4, "18073,2021-03,1.1,2,\"2"))),
        // Codes the survey and the unit list do not know.
        Case(
            "unknown-unit.csv", refused(3, "unit", "no unit has the code or name \"99999\""),
            make: write(tally(line: 3, "99999,2021-03,1.1,1,1"))),
        Case(
            "unknown-unit-questionnaires.csv", "responses", refused(2, "unit", "\"99999\""),
            make: write(responses(row2: response(unit: "99999", id: "a1")))),
        Case("unknown-item.csv", refused(3, "item", "\"9.9\" is not an item"), make: write(tally(line: 3, "18073,2021-03,9.9,1,1"))),
        Case(
            "unknown-item-questionnaires.csv", "responses", refused(1, "9.9", "is not an item"),
            make: write(responsesHeader + ",9.9\n" + response(id: "a1") + ",4\n")),
        Case("unknown-option.csv", refused(3, "option", "\"6\" is not an option"), make: write(tally(line: 3, "18073,2021-03,1.1,6,1"))),
        // Wrong types.
        Case("text-count.csv", refused(3, "count", "\"hai\" is not a number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,hai"))),
        Case("negative-count.csv", refused(3, "count", "is negative"), make: write(tally(line: 3, "18073,2021-03,1.1,1,-1"))),
        Case("decimal-count.csv", refused(3, "count", "is not a whole number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,0.5"))),
        Case(
            "decimal-comma-count.csv", refused(3, "count", "is not a whole number"),
            make: write(tally(line: 3, "18073,2021-03,1.1,1,\"0,5\""))),
        Case("hexadecimal-count.csv", refused(3, "count", "is not a number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,0x1"))),
        Case("huge-count.csv", refused(2, "count", "too large"), make: write(tally(line: 2, "18073,2021-03,questionnaires,,99999999999"))),
        Case("nan-count.csv", refused(3, "count", "is not a number"), make: write(tally(line: 3, "18073,2021-03,1.1,1,NaN"))),
        Case("empty-count.csv", refused(3, "count", "the count is empty"), make: write(tally(line: 3, "18073,2021-03,1.1,1,"))),
        Case(
            "slash-period.csv", refused(2, "period", "\"03/2021\" is not a period"),
            make: write(tally(line: 2, "18073,03/2021,questionnaires,,40"))),
        Case(
            "decimal-level.csv", "responses", refused(2, "1.1", "out of range"),
            make: write(responses(row2: response(id: "a1", first: "4.5")))),
        Case(
            "hexadecimal-level.csv", "responses", refused(2, "1.1", "out of range"),
            make: write(responses(row2: response(id: "a1", first: "0x4")))),
        Case(
            "level-as-text.csv", "responses", refused(2, "1.1", "out of range"),
            make: write(responses(row2: response(id: "a1", first: "tốt")))),
        Case(
            "day-first-date.csv", "responses", refused(2, "date", "is not a date"),
            make: write(responses(row2: response(date: "15/03/2021", id: "a1")))),
        Case(
            "unpadded-date.csv", "responses", refused(2, "date", "is not a date"),
            make: write(responses(row2: response(date: "2021-3-5", id: "a1")))),
        Case(
            "impossible-date.csv", "responses", refused(2, "date", "is not a date"),
            make: write(responses(row2: response(date: "2021-02-30", id: "a1")))),
        Case(
            "serial-number-date.csv", "responses", refused(2, "date", "is not a date"),
            make: write(responses(row2: response(date: "44270", id: "a1")))),
        Case(
            "unknown-channel.csv", "responses", refused(2, "channel", "\"fax\" is not a channel"),
            make: write(responses(row2: response(channel: "fax", id: "a1")))),
        Case(
            "duplicate-id.csv", "responses", refused(3, "id", "is already used on row 2"),
            make: write([responsesHeader, response(id: "a1"), response(id: "a1")].joined(separator: "\n"))),
        // Very long fields and lines.
        // Random, so that PostgreSQL cannot compress it into its index (a repeated letter would fit).
        Case(
            "very-long-id.csv", "responses", refused(2, "id", "expected at most 200"),
            make: write(responses(row2: response(id: randomHex(40_000))))),
        Case(
            "very-long-unit.csv", refused(3, "unit", "no unit has the code or name"),
            make: write(tally(line: 3, String(repeating: "Phường ", count: 60_000) + ",2021-03,1.1,1,1"))),
        Case(
            "two-megabyte-field.csv", refused(3, nil, "longer than 1 MiB"),
            make: write(tally(line: 3, "18073,2021-03,1.1,1," + String(repeating: "1", count: 2 << 20)))),
        Case(
            "hundred-megabyte-line.csv", refused(2, nil, "longer than 1 MiB"),
            make: streamed(header: "unit,period,item,option,count\n18073,2021-03,1.1,1,", byte: UInt8(ascii: "7"), count: 100 << 20)),
        Case(
            "hundred-megabyte-single-line.csv", "responses", refused(1, nil, "longer than 1 MiB"),
            make: streamed(header: "unit,date,channel,", byte: UInt8(ascii: "x"), count: 100 << 20)),
    ]

    static let workbookCases: [Case] = [
        // Truncated copies and flipped bytes.
        Case("cut-at-a-quarter.xlsx", refused(nil, nil, "damaged"), make: damagedWorkbook { $0 = $0.prefix($0.count / 4) }),
        Case("cut-in-half.xlsx", refused(nil, nil, "damaged"), make: damagedWorkbook { $0 = $0.prefix($0.count / 2) }),
        Case("cut-at-three-quarters.xlsx", refused(nil, nil, "damaged"), make: damagedWorkbook { $0 = $0.prefix($0.count * 3 / 4) }),
        Case("last-bytes-missing.xlsx", refused(nil, nil, "damaged"), make: damagedWorkbook { $0 = $0.prefix($0.count - 5) }),
        Case(
            "directory-signature-flipped.xlsx", refused(nil, nil, "zip directory is corrupted"),
            make: damagedWorkbook { data in data[Int(data.readLE32(at: data.count - 22 + 16))] ^= 0xFF }),
        Case(
            "directory-offset-flipped.xlsx", refused(nil, nil, "damaged"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 44] ^= 0x5A } }),
        Case(
            "directory-size-flipped.xlsx", refused(nil, nil, "damaged"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 21] ^= 0x40 } }),
        Case(
            "directory-checksum-flipped.xlsx", refused(nil, nil, "fails its checksum"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 16] ^= 0x01 } }),
        Case(
            "directory-name-flipped.xlsx", refused(nil, nil, "is missing"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 46 + 2] ^= 0x20 } }),
        Case(
            "sheet-data-flipped.xlsx", refused(nil, nil, "damaged"),
            make: damagedWorkbook { data in
                guard let e = directoryEntry(data, containing: "sheet1") else { return }
                let local = Int(data.readLE32(at: e + 42))
                let start = local + 30 + Int(data[local + 26]) + Int(data[local + 28])
                for i in stride(from: start + 8, to: start + 40, by: 3) { data[i] ^= 0xA5 }
            }),
        Case(
            "encrypted.xlsx", refused(nil, nil, "encrypted"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 8] |= 0x01 } }),
        Case(
            "unknown-compression.xlsx", refused(nil, nil, "compressed with a method"),
            make: damagedWorkbook { data in if let e = directoryEntry(data, containing: "sheet1") { data[e + 10] = 14 } }),
        // Parts missing, wrong or pointing nowhere.
        Case(
            "sheet-missing.xlsx", refused(nil, nil, "is missing"), make: handMade(tallyCells, replacing: ["xl/worksheets/sheet1.xml": nil])),
        Case(
            "no-sheets.xlsx", refused(nil, nil, "no worksheet"),
            make: handMade(
                tallyCells,
                replacing: [
                    "xl/workbook.xml": .stored(
                        "xl/workbook.xml",
                        MinimalWorkbook.workbook.replacingOccurrences(
                            of: #"<sheet name="Sheet1" sheetId="1" r:id="rId1"/>"#, with: ""))
                ])),
        Case(
            "workbook-missing.xlsx", refused(nil, nil, "Word document"),
            make: handMade(
                tallyCells, replacing: ["xl/workbook.xml": nil, "word/document.xml": .stored("word/document.xml", "<w:document/>")])),
        Case(
            "shared-string-out-of-range.xlsx", refused(nil, nil, "cell C3 refers to shared text number 99"),
            make: handMade(withCell(tallyCells, row: 3, column: 2, #"<c r="REF" t="s"><v>99</v></c>"#), sharedStrings: ["1.1"])),
        Case(
            "sheet-xml-broken.xlsx", refused(nil, nil, "not well-formed XML"),
            make: handMade(
                tallyCells,
                replacing: [
                    "xl/worksheets/sheet1.xml": .stored(
                        "xl/worksheets/sheet1.xml",
                        MinimalWorkbook.sheet(tallyCells).replacingOccurrences(of: "</row><row r=\"5\">", with: "</row><row r=\"5\"<"))
                ])),
        Case(
            "workbook-xml-broken.xlsx", refused(nil, nil, "not well-formed XML"),
            make: handMade(
                tallyCells, replacing: ["xl/workbook.xml": .stored("xl/workbook.xml", String(MinimalWorkbook.workbook.dropLast(12)))])),
        Case(
            "entity-expansion.xlsx", refused(nil, nil, "damaged"),
            make: handMade(
                withCell(tallyCells, row: 3, column: 2, #"<c r="REF" t="s"><v>0</v></c>"#),
                replacing: [
                    "xl/sharedStrings.xml": .stored(
                        "xl/sharedStrings.xml",
                        """
                        <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\
                        \((1...9).map { "<!ENTITY \(Character(UnicodeScalar(UInt8(97 + $0)))) \"\(String(repeating: "&\(Character(UnicodeScalar(UInt8(96 + $0))));", count: 10))\">" }.joined())]>\
                        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>
                        """)
                ])),
        Case("csv-named-xlsx.xlsx", refused(nil, nil, "not a valid XLSX workbook"), make: write(tally)),
        Case(
            "old-excel-named-xlsx.xlsx", refused(nil, nil, "Excel 97-2003"),
            make: bytes([[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], [UInt8](repeating: 0, count: 4000)])),
        // Formulas and wrong types in cells.
        Case(
            "formula-without-value.xlsx", refused(3, "E (count)", "the count is empty"),
            make: handMade(withCell(tallyCells, row: 3, column: 4, #"<c r="REF"><f>SUM(E4:E5)</f></c>"#))),
        Case(
            "formula-error-value.xlsx", refused(3, "E (count)", "\"#DIV/0!\" is not a number"),
            make: handMade(withCell(tallyCells, row: 3, column: 4, #"<c r="REF" t="e"><f>1/0</f><v>#DIV/0!</v></c>"#))),
        Case(
            "text-in-count-cell.xlsx", refused(3, "E (count)", "\"một\" is not a number"),
            make: handMade(withCell(tallyCells, row: 3, column: 4, "một"))),
        Case(
            "negative-count-cell.xlsx", refused(4, "E (count)", "is negative"),
            make: handMade(withCell(tallyCells, row: 4, column: 4, #"<c r="REF"><v>-2</v></c>"#))),
        Case(
            "boolean-count-cell.xlsx", refused(4, "E (count)", "\"TRUE\" is not a number"),
            make: handMade(withCell(tallyCells, row: 4, column: 4, #"<c r="REF" t="b"><v>1</v></c>"#))),
        Case(
            "date-count-cell.xlsx", refused(4, "E (count)", "is not a number"),
            make: handMade(withCell(tallyCells, row: 4, column: 4, #"<c r="REF" t="d"><v>2021-03-01T00:00:00</v></c>"#))),
        // Zip bombs: a deflate stream of gigabytes in a few megabytes.
        Case(
            "bomb-honest-zip64.xlsx", refused(nil, nil, "larger than the 512 MB limit"),
            make: bomb(part: "xl/worksheets/sheet1.xml", prefix: sheetStart, pattern: "    ", repeats: 1_600_000_000, suffix: sheetEnd)),
        Case(
            "bomb-declared-small.xlsx", refused(nil, nil, "zip bomb"),
            make: bomb(
                part: "xl/worksheets/sheet1.xml", prefix: sheetStart, pattern: "    ", repeats: 1_600_000_000, suffix: sheetEnd,
                declared: 100_000)),
        Case(
            "bomb-declared-just-under-the-limit.xlsx", refused(nil, nil, "zip bomb"),
            make: bomb(
                part: "xl/worksheets/sheet1.xml", prefix: sheetStart, pattern: "    ", repeats: 1_600_000_000, suffix: sheetEnd,
                declared: 500 << 20)),
        Case(
            "bomb-shared-strings.xlsx", refused(nil, nil, "larger than the 512 MB limit"),
            make: bomb(
                part: "xl/sharedStrings.xml", prefix: stringsStart, pattern: "    ", repeats: 1_200_000_000, suffix: "</sst>",
                sharedStrings: true)),
        // Valid, and within the 512 MB limit per part: 400,000 texts of 1,000 characters.
        Case(
            "shared-strings-of-400-megabytes.xlsx", refused(nil, nil, "shared text"),
            make: bomb(
                part: "xl/sharedStrings.xml", prefix: stringsStart, pattern: "<si><t>" + String(repeating: "x", count: 1000) + "</t></si>",
                repeats: 400_000, suffix: "</sst>", sharedStrings: true)),
    ]

    /// Not errors: these must import, with the right counts.
    static let acceptedCases: [Case] = [
        Case(
            "mixed-line-endings.csv", .accepted(tallyCounts),
            make: write(tallyLines.enumerated().map { i, line in line + ["\n", "\r\n", "\r"][i % 3] }.joined())),
        Case("old-mac-line-endings.csv", .accepted(tallyCounts), make: write(tallyLines.joined(separator: "\r") + "\r")),
        Case(
            "mixed-line-endings-questionnaires.csv", "responses", .accepted(responsesCounts),
            make: write(responses().split(separator: "\n").enumerated().map { i, line in line + ["\r", "\r\n", "\n"][i % 3] }.joined())),
        Case("utf16le-without-bom.csv", .accepted(tallyCounts), make: write(tally, .utf16LittleEndian)),
        Case(
            "utf16be-without-bom.csv", .accepted(tallyCounts), make: write(tally.replacingOccurrences(of: ",", with: "\t"), .utf16BigEndian)
        ),
        Case(
            "formula-with-value.xlsx", .accepted(tallyCounts),
            make: handMade(withCell(tallyCells, row: 6, column: 4, #"<c r="REF"><f>E5*4</f><v>20</v></c>"#))),
    ]

    // MARK: - The tests

    @Test func brokenTextFilesAreRefusedAndWriteNothing() async throws {
        try await run(Self.textCases)
    }

    @Test func brokenWorkbooksAndZipBombsAreRefusedAndWriteNothing() async throws {
        try await run(Self.workbookCases)
    }

    @Test func oddButValidFilesImportWithTheRightCounts() async throws {
        try await run(Self.acceptedCases)
    }

    @Test func theCorpusHasAtLeastFiftyBrokenFiles() {
        #expect(Self.textCases.count + Self.workbookCases.count >= 50)
    }

    func run(_ cases: [Case]) async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let env = CLIRunner.environment(for: db.configuration.database)
            var report: [String] = []
            for c in cases {
                let folder = try ImportFixture.folder()
                defer { try? FileManager.default.removeItem(at: folder) }
                let url = folder.appendingPathComponent(c.name)
                try c.make(url)
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                let before = try await ImportFixture.footprint(db)
                // Each accepted file replaces the previous one for the same unit and month.
                let replace = if case .accepted = c.expect { ["--replace"] } else { [String]() }
                let result = try MeasuredProcess.run(
                    [CLIRunner.executable.path, "import", c.kind, url.path, "--survey", "sipas-2017"] + replace,
                    environment: env, timeout: Self.timeLimit)
                let said = result.stderr.split(separator: "\n").first { $0.hasPrefix("  - ") }.map {
                    $0.dropFirst(4).replacingOccurrences(of: folder.path + "/", with: "")
                }
                report.append("\(c.name) (\(size) bytes): \(result)\(said.map { " — " + $0.prefix(200) } ?? "")")
                let context = "\(c.name): \(result)\n\(result.stderr.prefix(2000))"
                #expect(!result.timedOut && result.signal == nil, "\(context)")
                #expect(result.peakRSSMiB < Self.memoryLimitMiB, "\(context)")
                #expect(!result.stderr.contains("PSQLError") && !result.stderr.contains("Fatal error"), "\(context)")
                switch c.expect {
                case .refused(let line, let column, let message):
                    #expect(result.exitCode == 1, "\(context)")
                    // The file by its path or (for some problems found while writing) its name.
                    var place = url.lastPathComponent
                    if let line { place += ", line \(line)" }
                    if let column { place += ", column \(column)" }
                    #expect(result.stderr.contains(place), "expected \"\(place)\" — \(context)")
                    #expect(message.isEmpty || result.stderr.contains(message), "expected \"\(message)\" — \(context)")
                    #expect(result.stderr.count < 20_000, "an error message of \(result.stderr.count) characters — \(c.name)")
                    #expect(try await ImportFixture.footprint(db) == before, "\(c.name) wrote something")
                case .accepted(let counts):
                    #expect(result.exitCode == 0, "\(context)")
                    #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01") == counts, "\(c.name)")
                }
            }
            print("MalformedCorpusTests:\n" + report.joined(separator: "\n"))
        }
    }
}
