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
        guard let parser = XMLParser(contentsOf: url) else {
            throw XLSXError("the temporary file \(url.path) cannot be read")
        }
        try run(parser)
    }

    /// Parses data in memory.
    func parse(data: Data) throws {
        try run(XMLParser(data: data))
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
