import Foundation
import FuzzSupport
import SIPASCore
import SIPASFiles

// Two ways to read the input:
//  - starting with "PK": the bytes are the .xlsx file, as a clerk would upload it (the zip
//    directory, local headers, deflate streams, checksums are fuzzed);
//  - otherwise: the XML parts of a workbook separated by NUL bytes, zipped here (stored, with
//    correct checksums) so that mutations reach the XML readers instead of failing the CRC:
//      sheet1.xml \0 sharedStrings.xml \0 workbook.xml \0 workbook.xml.rels \0 _rels/.rels \0 sheet2.xml
//    A missing or empty part (other than the sheet) takes the default below.

enum Parts {
    static let workbook = """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Trang 2" sheetId="2" r:id="rId2"/></sheets></workbook>
        """
    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>
        """
    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """
    static let sharedStrings = """
        <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">\
        <si><t>unit</t></si><si><r><t>Phường </t></r><r><t>Thành Sen</t></r></si><si><t>x_x000D_y</t><rPh><t>ignored</t></rPh></si></sst>
        """
    static let sheet2 = """
        <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <sheetData><row r="2"><c r="B2" t="s"><v>1</v></c><c t="inlineStr"><is><t>ô</t></is></c></row></sheetData></worksheet>
        """

    /// (path, contents) of the workbook built from NUL-separated parts.
    static func entries(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, [UInt8])] {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map(Array.init)
        func part(_ index: Int, _ fallback: String) -> [UInt8] {
            index < parts.count && !parts[index].isEmpty ? parts[index] : Array(fallback.utf8)
        }
        return [
            ("xl/worksheets/sheet1.xml", parts.first ?? []),
            ("xl/sharedStrings.xml", part(1, sharedStrings)),
            ("xl/workbook.xml", part(2, workbook)),
            ("xl/_rels/workbook.xml.rels", part(3, workbookRelationships)),
            ("_rels/.rels", part(4, packageRelationships)),
            ("xl/worksheets/sheet2.xml", part(5, sheet2)),
        ]
    }
}

/// A zip archive of stored (uncompressed) entries with correct sizes and checksums.
func storedZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
    var body: [UInt8] = []
    var directory: [UInt8] = []
    for (path, data) in entries {
        let name = Array(path.utf8)
        let crc = crc32(data)
        let offset = UInt32(body.count)
        let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
            + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(name.count) + le16(0)
        body += le32(0x0403_4B50) + common + name + data
        directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }
    let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
    return body + directory + end
}

let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
}

func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let url: URL
    if input.starts(with: [0x50, 0x4B]) {
        url = Fuzz.write(input, name: "input.xlsx")
    } else {
        let zip = storedZip(Parts.entries(input))
        url = zip.withUnsafeBufferPointer { Fuzz.write($0, name: "input.xlsx") }
    }

    // 1. The workbook reader: every sheet, every row. It must fail only with XLSXError.
    var cells = 0
    do {
        let reader = try XLSXReader(url: url)
        if reader.sheetNames.isEmpty { fatalError("a workbook without sheets was opened") }
        for sheet in reader.sheetNames.indices {
            var last = 0
            try reader.forEachRow(sheet: sheet) { row in
                guard row.number >= 1, row.number <= 1_048_576 else { fatalError("row number \(row.number)") }
                guard !row.cells.isEmpty, row.cells.last?.isEmpty == false else { fatalError("row \(row.number) with trailing empty cells") }
                last = row.number
                cells += row.cells.count
            }
            _ = last
        }
    } catch let error as XLSXError {
        if error.description.isEmpty { fatalError("XLSXError without a message") }
    } catch {
        fatalError("XLSXReader threw \(type(of: error)), not XLSXError: \(error)")
    }

    // 2. As the import reads it: the first sheet through the temporary CSV, then the tally and
    //    questionnaire readers on the shipped survey. A cell in column XFD makes a row of 16,384
    //    cells, which takes this debug build about a second to read three times over: the other
    //    readers only see workbooks of a sensible size, so that runs stay within -timeout.
    do {
        var table = try TableReader(url: url)
        defer { table.close() }
        while try table.next() != nil {}
    } catch {
        Fuzz.expectFileProblems(error, from: "TableReader (xlsx)")
    }
    guard cells <= 20_000 else { return 0 }
    do {
        _ = try TallyFileReader.read(url: url, survey: Fuzz.survey)
    } catch {
        Fuzz.expectFileProblems(error, from: "TallyFileReader (xlsx)")
    }
    do {
        let reader = try QuestionnaireFileReader(url: url, survey: Fuzz.survey)
        defer { reader.close() }
        while try reader.next() != nil {}
    } catch {
        Fuzz.expectFileProblems(error, from: "QuestionnaireFileReader (xlsx)")
    }
    return 0
}
