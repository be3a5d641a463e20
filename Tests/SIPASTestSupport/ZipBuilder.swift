import Foundation

/// Builds zip archives byte by byte, so that tests can make the damaged, hostile and odd
/// workbooks that no spreadsheet program writes: wrong sizes, wrong checksums, missing parts,
/// ZIP64 sizes, deflate streams that unpack to gigabytes.
public struct ZipBuilder {
    public struct Entry {
        public var name: String
        /// The bytes as stored in the archive (raw deflate when `method` is 8).
        public var stored: Data
        public var method: UInt16
        public var crc32: UInt32
        public var compressedSize: UInt64
        public var uncompressedSize: UInt64
        /// Write the sizes as ZIP64 extra fields (needed above 4 GiB).
        public var zip64: Bool

        /// An entry stored without compression, with correct sizes and checksum.
        public static func stored(_ name: String, _ data: Data) -> Entry {
            Entry(
                name: name, stored: data, method: 0, crc32: CRC32.checksum(data),
                compressedSize: UInt64(data.count), uncompressedSize: UInt64(data.count), zip64: false)
        }

        public static func stored(_ name: String, _ text: String) -> Entry { stored(name, Data(text.utf8)) }

        /// An entry of raw deflate data that claims to unpack to `uncompressedSize` bytes.
        public static func deflated(_ name: String, _ deflate: Data, uncompressedSize: UInt64, crc32: UInt32 = 0) -> Entry {
            Entry(
                name: name, stored: deflate, method: 8, crc32: crc32, compressedSize: UInt64(deflate.count),
                uncompressedSize: uncompressedSize, zip64: uncompressedSize >= 0xFFFF_FFFF)
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// The archive: local headers and data, the central directory, the end record.
    public func data() -> Data {
        var out = Data()
        var directory = Data()
        for entry in entries {
            let offset = UInt64(out.count)
            let name = Data(entry.name.utf8)
            var extra = Data()
            if entry.zip64 {
                extra.le16(0x0001)
                extra.le16(16)
                extra.le64(entry.uncompressedSize)
                extra.le64(entry.compressedSize)
            }
            let size32 = { (v: UInt64) -> UInt32 in entry.zip64 ? 0xFFFF_FFFF : UInt32(truncatingIfNeeded: v) }
            out.le32(0x0403_4B50)
            out.le16(entry.zip64 ? 45 : 20)
            out.le16(0)
            out.le16(entry.method)
            out.le16(0)
            out.le16(0x21)  // time, date
            out.le32(entry.crc32)
            out.le32(size32(entry.compressedSize))
            out.le32(size32(entry.uncompressedSize))
            out.le16(UInt16(name.count))
            out.le16(UInt16(extra.count))
            out.append(name)
            out.append(extra)
            out.append(entry.stored)

            directory.le32(0x0201_4B50)
            directory.le16(45)
            directory.le16(entry.zip64 ? 45 : 20)
            directory.le16(0)
            directory.le16(entry.method)
            directory.le16(0)
            directory.le16(0x21)
            directory.le32(entry.crc32)
            directory.le32(size32(entry.compressedSize))
            directory.le32(size32(entry.uncompressedSize))
            directory.le16(UInt16(name.count))
            directory.le16(UInt16(extra.count))
            directory.le16(0)
            directory.le16(0)
            directory.le16(0)
            directory.le32(0)
            directory.le32(UInt32(offset))
            directory.append(name)
            directory.append(extra)
        }
        let directoryOffset = out.count
        out.append(directory)
        out.le32(0x0605_4B50)
        out.le16(0)
        out.le16(0)
        out.le16(UInt16(entries.count))
        out.le16(UInt16(entries.count))
        out.le32(UInt32(directory.count))
        out.le32(UInt32(directoryOffset))
        out.le16(0)
        return out
    }

    /// The offset of the central directory in `data()` (to damage it on purpose).
    public func centralDirectoryOffset() -> Int {
        let archive = data()
        return Int(archive.readLE32(at: archive.count - 22 + 16))
    }
}

/// A minimal workbook: one sheet named "Sheet1", optional shared strings, parts replaceable.
public enum MinimalWorkbook {
    public static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        </Types>
        """
    public static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """
    public static let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    public static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>
        """

    /// Worksheet XML for rows of cells: text as inline strings, whole numbers as numbers,
    /// and raw `<c>` XML for cells that start with "<c" (formulas, shared string references …).
    public static func sheet(_ rows: [[String]]) -> String {
        var xml =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in rows.enumerated() {
            xml += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = columnLetter(c) + String(r + 1)
                if cell.hasPrefix("<c") {
                    xml += cell.replacingOccurrences(of: "REF", with: ref)
                } else if cell.isEmpty {
                    continue
                } else if Int(cell) != nil {
                    xml += #"<c r="\#(ref)"><v>\#(cell)</v></c>"#
                } else {
                    xml += #"<c r="\#(ref)" t="inlineStr"><is><t>\#(escape(cell))</t></is></c>"#
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    public static func sharedStrings(_ strings: [String]) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(strings.count)" uniqueCount="\#(strings.count)">"#
            + strings.map { "<si><t>\(escape($0))</t></si>" }.joined() + "</sst>"
    }

    /// The parts of a workbook whose only sheet holds `sheetXML`; `replacing` swaps or (with
    /// nil) drops parts by name.
    public static func entries(
        sheetXML: String, sharedStringsXML: String? = nil,
        replacing: [String: ZipBuilder.Entry?] = [:]
    ) -> [ZipBuilder.Entry] {
        var parts: [(String, ZipBuilder.Entry)] = [
            ("[Content_Types].xml", .stored("[Content_Types].xml", contentTypes)),
            ("_rels/.rels", .stored("_rels/.rels", packageRelationships)),
            ("xl/workbook.xml", .stored("xl/workbook.xml", workbook)),
            ("xl/_rels/workbook.xml.rels", .stored("xl/_rels/workbook.xml.rels", workbookRelationships)),
            ("xl/worksheets/sheet1.xml", .stored("xl/worksheets/sheet1.xml", sheetXML)),
        ]
        if let sharedStringsXML { parts.append(("xl/sharedStrings.xml", .stored("xl/sharedStrings.xml", sharedStringsXML))) }
        var result: [ZipBuilder.Entry] = []
        for (name, entry) in parts {
            if let replacement = replacing[name] {
                if let replacement { result.append(replacement) }
            } else {
                result.append(entry)
            }
        }
        for (name, replacement) in replacing where !parts.contains(where: { $0.0 == name }) {
            if let replacement { result.append(replacement) }
        }
        return result
    }

    public static func data(sheetXML: String, sharedStringsXML: String? = nil, replacing: [String: ZipBuilder.Entry?] = [:]) -> Data {
        ZipBuilder(entries(sheetXML: sheetXML, sharedStringsXML: sharedStringsXML, replacing: replacing)).data()
    }

    public static func columnLetter(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}

/// CRC-32 (IEEE), as zip uses.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC of A followed by B from the CRCs of A and B and the length of B (zlib's
    /// crc32_combine), so that the checksum of gigabytes of repeated text takes no time.
    public static func combine(_ crc1: UInt32, _ crc2: UInt32, _ length2: UInt64) -> UInt32 {
        guard length2 > 0 else { return crc1 }
        func times(_ matrix: [UInt32], _ vector: UInt32) -> UInt32 {
            var sum: UInt32 = 0
            var v = vector
            var i = 0
            while v != 0 {
                if v & 1 != 0 { sum ^= matrix[i] }
                v >>= 1
                i += 1
            }
            return sum
        }
        func square(_ matrix: [UInt32]) -> [UInt32] { matrix.map { times(matrix, $0) } }
        var odd = [UInt32](repeating: 0, count: 32)
        odd[0] = 0xEDB8_8320
        for n in 1..<32 { odd[n] = 1 << UInt32(n - 1) }
        var even = square(odd)
        odd = square(even)
        var crc = crc1
        var length = length2
        repeat {
            even = square(odd)
            if length & 1 != 0 { crc = times(even, crc) }
            length >>= 1
            if length == 0 { break }
            odd = square(even)
            if length & 1 != 0 { crc = times(odd, crc) }
            length >>= 1
        } while length != 0
        return crc ^ crc2
    }

    /// The CRC of `pattern` repeated `count` times.
    public static func repeated(_ pattern: Data, count: Int) -> UInt32 {
        var result: UInt32 = 0
        var resultLength: UInt64 = 0
        var power = checksum(pattern)
        var powerLength = UInt64(pattern.count)
        var n = count
        while n > 0 {
            if n & 1 != 0 {
                result = resultLength == 0 ? power : combine(result, power, powerLength)
                resultLength += powerLength
            }
            n >>= 1
            if n > 0 {
                power = combine(power, power, powerLength)
                powerLength *= 2
            }
        }
        return result
    }
}

/// Writes raw deflate streams of highly repetitive text by hand: `prefix`, then `pattern`
/// `repeats` times, then `suffix`, as one dynamic-Huffman block whose repeats are back
/// references of 258 bytes. A few bits of the stream stand for 258 bytes of output, so
/// gigabytes take a few megabytes: the shape of a zip bomb.
public enum DeflateBomb {
    /// The stream is written to `url` as it is made (it can be megabytes); returns the number
    /// of bytes it unpacks to.
    @discardableResult
    public static func write(prefix: String, pattern: String, repeats: Int, suffix: String, to url: URL) throws -> (
        size: UInt64, crc32: UInt32
    ) {
        let p = Array(prefix.utf8)
        let body = Array(pattern.utf8)
        let s = Array(suffix.utf8)
        precondition(!body.isEmpty && body.count <= 32_768 && repeats >= 1)
        // Back references copy 258 bytes each from `body.count` bytes back; the pattern repeated
        // `repeats` times after its first copy must be a whole number of 258-byte copies, so the
        // count is rounded up to the next such number.
        let unit = lcm(body.count, 258) / body.count  // patterns per whole number of copies
        let extraPatterns = ((repeats - 1 + unit - 1) / unit) * unit
        let copies = extraPatterns * body.count / 258

        // Literal/length alphabet: every byte used, end of block (256), length 258 (285).
        var literalLengths = [Int](repeating: 0, count: 286)
        let used = Array(Set(p + body + s)).sorted()
        var symbols = used.map(Int.init) + [256, 285]
        // 285 gets the shortest code; the rest share a complete code.
        symbols.removeLast()
        let restLengths = completeLengths(count: symbols.count)
        literalLengths[285] = 1
        for (symbol, length) in zip(symbols, restLengths) { literalLengths[symbol] = length + 1 }
        // Distance alphabet: the one distance code needed, plus a dummy so the code is complete.
        let (distanceCode, distanceExtraBits, distanceExtra) = distance(body.count)
        var distanceLengths = [Int](repeating: 0, count: max(distanceCode + 1, 2))
        distanceLengths[distanceCode] = 1
        distanceLengths[distanceCode == 0 ? 1 : 0] = 1

        let literalCodes = canonicalCodes(literalLengths)
        let distanceCodes = canonicalCodes(distanceLengths)

        // Code lengths, run-length coded with 0…15 and 18 (runs of 11–138 zeros), 17 (3–10 zeros).
        var clSymbols: [(symbol: Int, extra: Int, extraBits: Int)] = []
        for lengths in [literalLengths, distanceLengths] {
            var i = 0
            while i < lengths.count {
                if lengths[i] == 0 {
                    var run = 0
                    while i + run < lengths.count && lengths[i + run] == 0 { run += 1 }
                    var left = run
                    while left >= 11 {
                        let n = min(left, 138)
                        clSymbols.append((18, n - 11, 7))
                        left -= n
                    }
                    if left >= 3 {
                        clSymbols.append((17, left - 3, 3))
                        left = 0
                    }
                    for _ in 0..<left { clSymbols.append((0, 0, 0)) }
                    i += run
                } else {
                    clSymbols.append((lengths[i], 0, 0))
                    i += 1
                }
            }
        }
        let clUsed = Array(Set(clSymbols.map(\.symbol))).sorted()
        var clLengths = [Int](repeating: 0, count: 19)
        if clUsed.count == 1 {
            clLengths[clUsed[0]] = 1
            clLengths[clUsed[0] == 0 ? 1 : 0] = 1
        } else {
            for (symbol, length) in zip(clUsed, completeLengths(count: clUsed.count)) { clLengths[symbol] = length }
        }
        let clCodes = canonicalCodes(clLengths)
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var hclen = 19
        while hclen > 4 && clLengths[order[hclen - 1]] == 0 { hclen -= 1 }

        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var bits = BitWriter()
        bits.write(1, 1)  // final block
        bits.write(2, 2)  // dynamic Huffman
        bits.write(286 - 257, 5)
        bits.write(distanceLengths.count - 1, 5)
        bits.write(hclen - 4, 4)
        for i in 0..<hclen { bits.write(clLengths[order[i]], 3) }
        for item in clSymbols {
            bits.code(clCodes[item.symbol], clLengths[item.symbol])
            if item.extraBits > 0 { bits.write(item.extra, item.extraBits) }
        }
        for byte in p + body { bits.code(literalCodes[Int(byte)], literalLengths[Int(byte)]) }
        // The copies: the same few bits again and again. After 8 copies the bit position is
        // where it was, so from the second group of 8 on every group is the same bytes.
        func copy() {
            bits.code(literalCodes[285], literalLengths[285])
            bits.code(distanceCodes[distanceCode], distanceLengths[distanceCode])
            if distanceExtraBits > 0 { bits.write(distanceExtra, distanceExtraBits) }
        }
        let groups = copies / 8
        if groups >= 2 {
            for _ in 0..<8 { copy() }
            try handle.write(contentsOf: bits.takeWholeBytes())
            for _ in 0..<8 { copy() }
            let group = bits.takeWholeBytes()
            try handle.write(contentsOf: group)
            var left = groups - 2
            let batch = Data(repeatElement(group, count: min(left, 65_536)).joined())
            let perBatch = min(left, 65_536)
            while left >= perBatch && perBatch > 0 {
                try handle.write(contentsOf: batch)
                left -= perBatch
            }
            for _ in 0..<left { try handle.write(contentsOf: group) }
        } else {
            for _ in 0..<(groups * 8) { copy() }
        }
        for _ in 0..<(copies % 8) { copy() }
        for byte in s { bits.code(literalCodes[Int(byte)], literalLengths[Int(byte)]) }
        bits.code(literalCodes[256], literalLengths[256])
        try handle.write(contentsOf: bits.finish())
        let middle = CRC32.repeated(Data(body), count: 1 + extraPatterns)
        let crc = CRC32.combine(
            CRC32.combine(CRC32.checksum(Data(p)), middle, UInt64(body.count * (1 + extraPatterns))),
            CRC32.checksum(Data(s)), UInt64(s.count))
        return (UInt64(p.count + body.count * (1 + extraPatterns) + s.count), crc)
    }

    /// Lengths of a complete prefix code for `count` symbols (Kraft sum exactly 1).
    static func completeLengths(count: Int) -> [Int] {
        precondition(count >= 2)
        var k = 0
        while (1 << (k + 1)) <= count { k += 1 }
        let short = (1 << (k + 1)) - count  // leaves at depth k
        return (0..<count).map { $0 < short ? k : k + 1 }
    }

    /// Canonical Huffman codes for code lengths (RFC 1951, 3.2.2).
    static func canonicalCodes(_ lengths: [Int]) -> [Int] {
        let maxLength = lengths.max() ?? 0
        var countPerLength = [Int](repeating: 0, count: maxLength + 1)
        for l in lengths where l > 0 { countPerLength[l] += 1 }
        var next = [Int](repeating: 0, count: maxLength + 1)
        var code = 0
        if maxLength >= 1 {
            for bits in 1...maxLength {
                code = (code + countPerLength[bits - 1]) << 1
                next[bits] = code
            }
        }
        var codes = [Int](repeating: 0, count: lengths.count)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            codes[symbol] = next[l]
            next[l] += 1
        }
        return codes
    }

    /// The distance code, its number of extra bits and their value for a distance.
    static func distance(_ d: Int) -> (Int, Int, Int) {
        let bases = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
            1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ]
        let extra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        let code = bases.lastIndex { $0 <= d }!
        return (code, extra[code], d - bases[code])
    }

    static func lcm(_ a: Int, _ b: Int) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        return a / gcd(a, b) * b
    }

    /// Bits packed least significant first, as deflate wants.
    struct BitWriter {
        var bytes: [UInt8] = []
        var current: UInt32 = 0
        var count = 0

        /// A value of `n` bits, least significant bit first (header fields, extra bits).
        mutating func write(_ value: Int, _ n: Int) {
            for i in 0..<n { push(UInt32((value >> i) & 1)) }
        }

        /// A Huffman code of `n` bits, most significant bit first.
        mutating func code(_ value: Int, _ n: Int) {
            for i in stride(from: n - 1, through: 0, by: -1) { push(UInt32((value >> i) & 1)) }
        }

        private mutating func push(_ bit: UInt32) {
            current |= bit << UInt32(count)
            count += 1
            if count == 8 {
                bytes.append(UInt8(current))
                current = 0
                count = 0
            }
        }

        mutating func takeWholeBytes() -> Data {
            defer { bytes.removeAll(keepingCapacity: true) }
            return Data(bytes)
        }

        mutating func finish() -> Data {
            if count > 0 {
                bytes.append(UInt8(current))
                current = 0
                count = 0
            }
            return takeWholeBytes()
        }
    }
}

extension Data {
    mutating func le16(_ v: UInt16) {
        append(UInt8(v & 0xFF))
        append(UInt8(v >> 8))
    }
    mutating func le32(_ v: UInt32) { for i in 0..<4 { append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
    mutating func le64(_ v: UInt64) { for i in 0..<8 { append(UInt8((v >> (8 * UInt64(i))) & 0xFF)) } }
    public func readLE32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[startIndex + offset + $1]) << (8 * UInt32($1)) }
    }
}
