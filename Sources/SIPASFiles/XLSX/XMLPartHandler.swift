import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Base class for the streaming readers of the XML parts of a workbook.
///
/// Subclasses override `didStart`, `didEnd` and `didFind(text:)`; element and attribute names
/// arrive without namespace prefixes ("x:row" → "row", "r:id" → "id"), because producers
/// differ in the prefixes they use. An error thrown by a subclass stops the parse and is
/// rethrown unchanged by `parse`.
///
/// FoundationXML on Linux runs libxml2 in recovery mode: a truncated document makes `parse()`
/// return `true` with only `parserError` set, and an empty document "succeeds" with no
/// elements at all. Both are checked here. Entity declarations are never reported to the
/// delegate; external entities are not loaded, and entity expansion bombs fail inside libxml2.
class XMLPartHandler: XMLParserDelegate {
    /// What the part is, for messages: "worksheet 'Sheet1'", "the workbook (xl/workbook.xml)".
    let part: String
    private var sawElement = false
    private var failure: Error?
    private var errorLine: Int?

    init(part: String) {
        self.part = part
    }

    /// An element starts. Names have no namespace prefix.
    func didStart(_ name: String, attributes: [String: String]) throws {}
    /// An element ends.
    func didEnd(_ name: String) throws {}
    /// Text inside the current element; may come in several pieces.
    func didFind(text: String) {}

    /// Parses a file, streaming it from disk.
    func parse(contentsOf url: URL) throws {
        let start: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            start = try handle.read(upToCount: Self.declarationLength) ?? Data()
        } catch {
            throw XLSXError("the temporary file \(url.path) cannot be read")
        }
        try checkEncoding(start)
        guard let parser = XMLParser(contentsOf: url) else {
            throw XLSXError("the temporary file \(url.path) cannot be read")
        }
        try run(parser)
    }

    /// Parses data in memory.
    func parse(data: Data) throws {
        try checkEncoding(data.prefix(Self.declarationLength))
        try run(XMLParser(data: data))
    }

    // MARK: - Encoding

    /// How many leading bytes are looked at for the XML declaration.
    static let declarationLength = 512

    /// Refuses a part that is not UTF-8 or UTF-16 text, or whose XML declaration names another
    /// encoding. Workbook parts are UTF-8 or UTF-16 (ECMA-376 Part 2, 8.1.4), and the system's
    /// libxml2 (2.9.14, Debian 12) crashes the whole program with a null pointer when a part
    /// declares an encoding it converts through iconv and then has bytes invalid in it:
    /// `<?xml version="1.0" encoding="UTF7"\x8b` in a worksheet was enough (found by the
    /// FuzzXLSX target of Scripts/fuzz, 2026-11-27). So such parts never reach the parser.
    func checkEncoding(_ start: Data) throws {
        let bytes = [UInt8](start)
        // The text's first characters as ASCII bytes, in the layouts XML allows without a
        // declaration (UTF-8 with or without its byte-order mark, UTF-16 either way round).
        var text: [UInt8]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = Array(bytes.dropFirst(3))
        } else if bytes.starts(with: [0xFF, 0xFE]) || (bytes.count >= 2 && bytes[1] == 0 && bytes[0] != 0) {
            text = Self.narrowed(bytes.starts(with: [0xFF, 0xFE]) ? Array(bytes.dropFirst(2)) : bytes, highFirst: false)
        } else if bytes.starts(with: [0xFE, 0xFF]) || (bytes.count >= 2 && bytes[0] == 0 && bytes[1] != 0) {
            text = Self.narrowed(bytes.starts(with: [0xFE, 0xFF]) ? Array(bytes.dropFirst(2)) : bytes, highFirst: true)
        } else {
            text = bytes
        }
        // A document starts with "<" (its declaration or first element), or with spaces.
        guard let first = text.first(where: { !Self.isXMLSpace($0) }) ?? (text.isEmpty ? nil : UInt8(ascii: "<")) else {
            return  // empty: the parser reports it
        }
        guard first == UInt8(ascii: "<") else {
            throw XLSXError(ZipArchiveReader.damaged("\(part) is not XML text in UTF-8 or UTF-16"))
        }
        guard text.starts(with: Array("<?xml".utf8)) else { return }
        let end = text.firstIndex(of: UInt8(ascii: ">"))
        if let end { text = Array(text[..<end]) }
        if let encoding = Self.pseudoAttribute("encoding", in: text) {
            let name = encoding.lowercased()
            guard name == "utf-8" || name == "utf8" || name == "utf-16" || name == "utf16" else {
                throw XLSXError(
                    ZipArchiveReader.damaged(
                        "\(part) is written in the encoding '\(encoding)'; workbooks are written in UTF-8 or UTF-16"))
            }
        }
        // A declaration is a few dozen bytes: one that does not end in the bytes looked at could
        // name its encoding further on, out of sight of this check.
        guard end != nil else {
            throw XLSXError(ZipArchiveReader.damaged("\(part) is not well-formed XML (its XML declaration does not end)"))
        }
    }

    /// The low bytes of UTF-16 code units whose high byte is zero, up to the first other unit;
    /// [0] when a unit is NUL.
    private static func narrowed(_ bytes: [UInt8], highFirst: Bool) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index + 1 < bytes.count {
            let (high, low) = highFirst ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            guard high == 0 else { break }
            if low == 0 { return [0] }  // NUL, which XML never has: UCS-4 or binary
            result.append(low)
            index += 2
        }
        return result
    }

    private static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The value of `name="…"` (or `'…'`) in an XML declaration.
    private static func pseudoAttribute(_ name: String, in declaration: [UInt8]) -> String? {
        let key = Array(name.utf8)
        var index = 0
        while index + key.count <= declaration.count {
            guard Array(declaration[index..<(index + key.count)]) == key else {
                index += 1
                continue
            }
            var cursor = index + key.count
            while cursor < declaration.count, isXMLSpace(declaration[cursor]) { cursor += 1 }
            guard cursor < declaration.count, declaration[cursor] == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            cursor += 1
            while cursor < declaration.count, isXMLSpace(declaration[cursor]) { cursor += 1 }
            guard cursor < declaration.count, declaration[cursor] == UInt8(ascii: "\"") || declaration[cursor] == UInt8(ascii: "'") else {
                return ""
            }
            let quote = declaration[cursor]
            let valueStart = cursor + 1
            guard let valueEnd = declaration[valueStart...].firstIndex(of: quote) else {
                return String(decoding: declaration[valueStart...], as: UTF8.self)
            }
            return String(decoding: declaration[valueStart..<valueEnd], as: UTF8.self)
        }
        return nil
    }

    private func run(_ parser: XMLParser) throws {
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let succeeded = parser.parse()
        parser.delegate = nil
        if let failure { throw failure }
        if !succeeded || parser.parserError != nil {
            let place = errorLine.map { " (near line \($0))" } ?? ""
            throw XLSXError(ZipArchiveReader.damaged("\(part) is not well-formed XML\(place)"))
        }
        guard sawElement else {
            throw XLSXError(ZipArchiveReader.damaged("\(part) is empty"))
        }
    }

    private func stop(_ parser: XMLParser, _ error: Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    // MARK: - XMLParserDelegate

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String]
    ) {
        guard failure == nil else { return }
        sawElement = true
        do {
            try didStart(Self.localName(elementName), attributes: Self.localNames(attributeDict))
        } catch {
            stop(parser, error)
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        do {
            try didEnd(Self.localName(elementName))
        } catch {
            stop(parser, error)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        didFind(text: string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil else { return }
        didFind(text: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if errorLine == nil { errorLine = parser.lineNumber }
        // In recovery mode libxml2 would go on reporting content after the error; stop here.
        parser.abortParsing()
    }

    // MARK: - Names

    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }

    private static func localNames(_ attributes: [String: String]) -> [String: String] {
        guard attributes.keys.contains(where: { $0.utf8.contains(UInt8(ascii: ":")) }) else { return attributes }
        var result: [String: String] = [:]
        for (key, value) in attributes where !key.hasPrefix("xmlns") {
            result[localName(key)] = value
        }
        return result
    }
}
