import Foundation
import Testing
import ZIPFoundation

@testable import SIPASFiles

/// Broken, foreign and hostile files must give an `XLSXError` with a useful message, quickly.
@Suite("Bad input")
struct BadInputTests {
    /// Opens the file and reads its first sheet; returns the XLSXError message.
    static func failure(reading url: URL, limit: Int = 512 * 1024 * 1024) -> String? {
        Read.errorMessage {
            let reader = try XLSXReader(url: url, maxUncompressedBytes: limit)
            try reader.forEachRow { _ in }
        }
    }

    static func failure(reading data: Data, limit: Int = 512 * 1024 * 1024) throws -> String? {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("input.xlsx")
        try data.write(to: url)
        return failure(reading: url, limit: limit)
    }

    @Test("a text file renamed .xlsx")
    func textFile() throws {
        let csv = Data("Đơn vị,Số phiếu\nPhường Thành Sen,12\n".utf8)
        #expect(try Self.failure(reading: csv) == "the file is not a valid XLSX workbook (not a zip archive)")
        #expect(try Self.failure(reading: Data()) == "the file is not a valid XLSX workbook (not a zip archive)")
    }

    @Test("an old .xls or password-protected workbook")
    func compoundFile() throws {
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600))
        #expect(try Self.failure(reading: ole)?.hasPrefix("the file is an Excel 97-2003 workbook (.xls)") == true)
    }

    @Test("a file that does not exist")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/tally.xlsx")
        #expect(Self.failure(reading: url) == "the file /nonexistent/tally.xlsx does not exist")
    }

    @Test("the first half of a real workbook")
    func truncated() throws {
        let whole = try Data(contentsOf: try Read.fixture("shared-strings.xlsx"))
        #expect(
            try Self.failure(reading: whole.prefix(whole.count / 2)) == "the file is damaged: the end of its zip "
                + "archive is missing; it may not have been copied or downloaded completely")
    }

    @Test("a zip archive without xl/workbook.xml")
    func noWorkbook() throws {
        let readme = RawZip.build([.stored("readme.txt", "not a workbook")])
        #expect(try Self.failure(reading: readme) == "the file is not a valid XLSX workbook (xl/workbook.xml is missing)")
        let word = RawZip.build([.stored("word/document.xml", "<w:document/>")])
        #expect(try Self.failure(reading: word) == "the file is a Word document, not an XLSX workbook")
    }

    @Test("a workbook without worksheets")
    func noSheets() throws {
        var parts = RawZip.workbookParts()
        parts[1] = .stored("xl/workbook.xml", "<workbook><sheets/></workbook>")
        #expect(try Self.failure(reading: RawZip.build(parts)) == "the workbook has no worksheet")
    }

    struct BrokenSheet: Sendable, CustomTestStringConvertible {
        var label: String
        var sheet: RawZip.Entry
        var message: String
        var testDescription: String { label }
    }

    static let sheetPath = "xl/worksheets/sheet1.xml"
    static let brokenSheets: [BrokenSheet] = [
        BrokenSheet(
            label: "mismatched tags",
            sheet: .stored(sheetPath, "<worksheet><sheetData><row r=\"1\"></c></sheetData></worksheet>"),
            message: "the file is damaged: worksheet 'Sheet1' is not well-formed XML (near line 1)"),
        BrokenSheet(
            label: "XML cut short (FoundationXML's parse() returns true here)",
            sheet: .stored(sheetPath, "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>x"),
            message: "the file is damaged: worksheet 'Sheet1' is not well-formed XML (near line 1)"),
        BrokenSheet(
            label: "an empty part",
            sheet: .stored(sheetPath, ""),
            message: "the file is damaged: worksheet 'Sheet1' is empty"),
        BrokenSheet(
            label: "an entity expansion bomb",
            sheet: .stored(
                sheetPath,
                """
                <?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\
                <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\
                <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">\
                <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">\
                <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>\
                <worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>
                """),
            message: "the file is damaged: worksheet 'Sheet1' is not well-formed XML (near line 1)"),
        BrokenSheet(
            label: "a shared string that does not exist",
            sheet: .stored(sheetPath, "<worksheet><sheetData><row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>"),
            message: "the file is damaged: worksheet 'Sheet1' cell B3 refers to shared text number 7, "
                + "but the workbook has only 0"),
        BrokenSheet(
            label: "a bad cell reference",
            sheet: .stored(sheetPath, "<worksheet><sheetData><row r=\"3\"><c r=\"3B\"><v>1</v></c></row></sheetData></worksheet>"),
            message: "the file is damaged: worksheet 'Sheet1' row 3 has a cell reference '3B' that is not valid"),
        BrokenSheet(
            label: "a wrong checksum",
            sheet: RawZip.Entry(path: sheetPath, stored: Data("<worksheet/>".utf8), crc32: 0x1234_5678, uncompressedSize: 12),
            message: "the file is damaged: worksheet 'Sheet1' fails its checksum"),
        BrokenSheet(
            // A stored block announcing 65535 bytes but holding 11: ZIPFoundation's own
            // Archive.extract loops forever on this entry (0.9.20, Linux).
            label: "a deflate stream that never ends",
            sheet: RawZip.Entry(
                path: sheetPath, method: 8,
                stored: Data([0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<worksheet>".utf8)),
                crc32: 0, uncompressedSize: 1_000_000),
            message: "the file is damaged: worksheet 'Sheet1' is incomplete; the file may not have been copied completely"),
        BrokenSheet(
            label: "a deflate stream that unpacks to more than declared",
            sheet: RawZip.Entry(
                path: sheetPath, method: 8,
                stored: Data([0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<worksheet>".utf8)),
                crc32: 0, uncompressedSize: 100),
            message: "the file is damaged: worksheet 'Sheet1' unpacks to more than the 100 bytes "
                + "its zip directory declares (a damaged file or a zip bomb)"),
        BrokenSheet(
            label: "deflate data that is not deflate",
            sheet: RawZip.Entry(
                path: sheetPath, method: 8, stored: Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
                crc32: 0, uncompressedSize: 100),
            message: "the file is damaged: worksheet 'Sheet1' cannot be decompressed"),
        BrokenSheet(
            label: "an unsupported compression method",
            sheet: RawZip.Entry(path: sheetPath, method: 12, stored: Data("BZh".utf8), crc32: 0, uncompressedSize: 100),
            message: "worksheet 'Sheet1' is compressed with a method (12) this program cannot read; "
                + "open the workbook in Excel or LibreOffice and save it again as .xlsx"),
        BrokenSheet(
            label: "an encrypted entry",
            sheet: RawZip.Entry(path: sheetPath, flags: 1, stored: Data(count: 24), crc32: 0, uncompressedSize: 12),
            message: "worksheet 'Sheet1' is encrypted; save the workbook without a password and try again"),
    ]

    @Test("a damaged worksheet part", arguments: brokenSheets)
    func brokenSheet(_ broken: BrokenSheet) throws {
        let start = ContinuousClock.now
        let message = try Self.failure(reading: RawZip.workbook(sheet: broken.sheet))
        #expect(message == broken.message)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("a part larger than a small limit")
    func smallLimit() throws {
        // The other parts are under 1 KB; the sheet is 5 KB.
        let sheet = RawZip.Entry.stored(Self.sheetPath, "<worksheet><sheetData/></worksheet>" + String(repeating: " ", count: 5000))
        let tooSmall = try Self.failure(reading: RawZip.workbook(sheet: sheet), limit: 2000)
        #expect(tooSmall == "worksheet 'Sheet1' is larger than the 2000 bytes limit when uncompressed")
        let enough = try Self.failure(reading: RawZip.workbook(sheet: sheet), limit: 6 * 1024)
        #expect(enough == nil)
    }

    /// A workbook whose sheet is 600 MB of zeros, about 600 KB compressed, made with ZIPFoundation.
    static func makeZipBomb(at url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for part in RawZip.workbookParts() {
            let data = part.stored
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(data.count),
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        let zeros = Data(count: 1 << 20)
        try archive.addEntry(
            with: sheetPath, type: .file, uncompressedSize: Int64(600 << 20), compressionMethod: .deflate,
            bufferSize: 1 << 20, provider: { _, size in zeros.prefix(size) })
    }

    @Test("a zip bomb: 600 MB of zeros declared honestly")
    func zipBomb() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bomb.xlsx")
        try Self.makeZipBomb(at: url)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size < 2_000_000)

        let start = ContinuousClock.now
        #expect(Self.failure(reading: url) == "worksheet 'Sheet1' is larger than the 512 MB limit when uncompressed")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a zip bomb whose directory claims 1000 bytes")
    func lyingZipBomb() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bomb.xlsx")
        try Self.makeZipBomb(at: url)
        // Patch the declared uncompressed size in the sheet's central directory record.
        var bytes = try Data(contentsOf: url)
        let name = Data(Self.sheetPath.utf8)
        let signature = Data([0x50, 0x4B, 0x01, 0x02])
        var patched = false
        var search = bytes.startIndex
        while let found = bytes.range(of: signature, in: search..<bytes.endIndex) {
            let record = found.lowerBound
            if bytes[(record + 46)..<(record + 46 + name.count)] == name {
                bytes.replaceSubrange((record + 24)..<(record + 28), with: [0xE8, 0x03, 0x00, 0x00])
                patched = true
            }
            search = found.upperBound
        }
        try #require(patched)
        try bytes.write(to: url)

        let start = ContinuousClock.now
        #expect(
            Self.failure(reading: url) == "the file is damaged: worksheet 'Sheet1' unpacks to more than the "
                + "1000 bytes its zip directory declares (a damaged file or a zip bomb)")
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
