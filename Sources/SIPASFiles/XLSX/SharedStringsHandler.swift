import Foundation

/// Reads the shared string table (`xl/sharedStrings.xml`): one string per `<si>`, rich text
/// runs (`<r><t>`) concatenated, phonetic runs (`<rPh>`) ignored, `_xHHHH_` escapes decoded,
/// NFC-normalised.
///
/// The table is held in memory while the sheet is read, so its size is limited: the part may
/// unpack to up to 512 MB (the zip limit), and 400 MB of text made a 460 MB process. Real
/// survey workbooks have a few megabytes of shared text at most.
final class SharedStringsHandler: XMLPartHandler {
    /// The most text the table may hold, counting each string's UTF-8 bytes plus 16 for its
    /// place in the array.
    static let maxTableBytes = 64 << 20

    private(set) var strings: [String] = []
    private var current = ""
    private var tableBytes = 0
    /// Text was dropped because the table is full; reported at the end of the element.
    private var overflow = false
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    override func didStart(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "si":
            inItem = true
            current = ""
        case "rPh":
            phoneticDepth += 1
        case "t" where inItem && phoneticDepth == 0:
            inText = true
        default:
            break
        }
    }

    override func didEnd(_ name: String) throws {
        switch name {
        case "t":
            inText = false
        case "rPh":
            phoneticDepth = max(0, phoneticDepth - 1)
        case "si":
            if overflow { throw tooLarge() }
            strings.append(OOXMLText.decodingEscapes(current).precomposedStringWithCanonicalMapping)
            tableBytes += current.utf8.count + 16
            if tableBytes > Self.maxTableBytes { throw tooLarge() }
            inItem = false
        default:
            break
        }
    }

    override func didFind(text: String) {
        guard inText, !overflow else { return }
        // One huge text must not fill memory before its element ends.
        if tableBytes + current.utf8.count + text.utf8.count > Self.maxTableBytes {
            overflow = true
            current = ""
            return
        }
        current += text
    }

    private func tooLarge() -> XLSXError {
        XLSXError(
            "\(part) is larger than the \(Self.maxTableBytes >> 20) MB this program reads; "
                + "a tally or questionnaire workbook has far less text: check that it is the right file, or save it as CSV")
    }
}
