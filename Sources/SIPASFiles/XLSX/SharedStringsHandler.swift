import Foundation

/// Reads the shared string table (`xl/sharedStrings.xml`): one string per `<si>`, rich text
/// runs (`<r><t>`) concatenated, phonetic runs (`<rPh>`) ignored, `_xHHHH_` escapes decoded,
/// NFC-normalised.
final class SharedStringsHandler: XMLPartHandler {
    private(set) var strings: [String] = []
    private var current = ""
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
            strings.append(OOXMLText.decodingEscapes(current).precomposedStringWithCanonicalMapping)
            inItem = false
        default:
            break
        }
    }

    override func didFind(text: String) {
        if inText { current += text }
    }
}
