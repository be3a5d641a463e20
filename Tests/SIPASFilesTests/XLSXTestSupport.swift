import Foundation
import Testing
import ZIPFoundation

@testable import SIPASFiles

/// A fresh temporary folder for one test; removed by `cleanUp()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("xlsx-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Reading helpers used by several suites.
enum Read {
    /// All rows of a sheet.
    static func rows(_ url: URL, sheet: Int = 0) throws -> [XLSXRow] {
        let reader = try XLSXReader(url: url)
        var rows: [XLSXRow] = []
        try reader.forEachRow(sheet: sheet) { rows.append($0) }
        return rows
    }

    /// The XLSXError message thrown by `body`, or nil when it throws nothing or something else.
    static func errorMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as XLSXError {
            return error.description
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    /// The text of one entry of a zip file, extracted with ZIPFoundation.
    static func entryText(_ path: String, in url: URL) throws -> String {
        let archive = try Archive(url: url, accessMode: .read)
        guard let entry = archive[path] else { return "" }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fixture file copied into the test bundle.
    static func fixture(_ name: String) throws -> URL {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")
        return try #require(url, "fixture \(name) is missing from the test bundle")
    }
}

/// Builds zip files byte by byte, for inputs no zip library would write: raw deflate data,
/// wrong checksums, unsupported methods, lying sizes.
enum RawZip {
    struct Entry {
        var path: String
        var method: UInt16 = 0
        var flags: UInt16 = 0
        /// The bytes stored in the archive (already compressed when method is 8).
        var stored: Data
        var crc32: UInt32
        var uncompressedSize: UInt32

        /// An uncompressed entry with a correct checksum.
        static func stored(_ path: String, _ text: String) -> Entry {
            let data = Data(text.utf8)
            return Entry(path: path, stored: data, crc32: data.crc32(checksum: 0), uncompressedSize: UInt32(data.count))
        }
    }

    static func build(_ entries: [Entry]) -> Data {
        var body = Data()
        var directory = Data()
        for entry in entries {
            let name = Data(entry.path.utf8)
            let offset = UInt32(body.count)
            body.append(le32(0x0403_4B50))
            body.append(le16(20))
            body.append(le16(entry.flags))
            body.append(le16(entry.method))
            body.append(le16(0))
            body.append(le16(0))
            body.append(le32(entry.crc32))
            body.append(le32(UInt32(entry.stored.count)))
            body.append(le32(entry.uncompressedSize))
            body.append(le16(UInt16(name.count)))
            body.append(le16(0))
            body.append(name)
            body.append(entry.stored)

            directory.append(le32(0x0201_4B50))
            directory.append(le16(20))
            directory.append(le16(20))
            directory.append(le16(entry.flags))
            directory.append(le16(entry.method))
            directory.append(le16(0))
            directory.append(le16(0))
            directory.append(le32(entry.crc32))
            directory.append(le32(UInt32(entry.stored.count)))
            directory.append(le32(entry.uncompressedSize))
            directory.append(le16(UInt16(name.count)))
            directory.append(le16(0))
            directory.append(le16(0))
            directory.append(le16(0))
            directory.append(le16(0))
            directory.append(le32(0))
            directory.append(le32(offset))
            directory.append(name)
        }
        var end = Data()
        end.append(le32(0x0605_4B50))
        end.append(le16(0))
        end.append(le16(0))
        end.append(le16(UInt16(entries.count)))
        end.append(le16(UInt16(entries.count)))
        end.append(le32(UInt32(directory.count)))
        end.append(le32(UInt32(body.count)))
        end.append(le16(0))
        return body + directory + end
    }

    /// The parts of a minimal one-sheet workbook ("Sheet1"), without the sheet itself.
    static func workbookParts() -> [Entry] {
        [
            .stored(
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/></Types>
                """),
            .stored(
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            .stored(
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/></Relationships>
                """),
        ]
    }

    /// A one-sheet workbook whose sheet part is the given entry.
    static func workbook(sheet: Entry) -> Data {
        build(workbookParts() + [sheet])
    }

    private static func le16(_ value: UInt16) -> Data { Data([UInt8(value & 0xFF), UInt8(value >> 8)]) }
    private static func le32(_ value: UInt32) -> Data {
        Data([UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)])
    }
}

/// Whether python3 with openpyxl can be run, for the independent check of the writer.
enum Python {
    static let hasOpenpyxl: Bool = (try? run(["-c", "import openpyxl"]).status) == 0

    /// Runs python3 with the arguments; returns the exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
