import Foundation
import SIPASCore

/// One record of a delimited text file with the line it starts on (1-based).
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Reads delimited text (RFC 4180 quoting, LF or CRLF line ends, a UTF-8 byte-order mark
/// skipped). The delimiter is comma, semicolon or tab, detected from the first line unless
/// given. Text is normalised to NFC.
public struct CSVReader: Sendable {
    public var delimiter: Character?
    /// Lines whose first character is this are skipped (used for documentation in unit lists).
    public var commentPrefix: Character?

    public init(delimiter: Character? = nil, commentPrefix: Character? = nil) {
        self.delimiter = delimiter
        self.commentPrefix = commentPrefix
    }

    /// Picks the delimiter that occurs most often outside quotes in the first line.
    public static func detectDelimiter(firstLine: Substring) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var inQuotes = false
        for c in firstLine {
            if c == "\"" { inQuotes.toggle() }
            if !inQuotes, counts[c] != nil { counts[c]! += 1 }
        }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key != ",") }!
        return best.value == 0 ? "," : best.key
    }

    /// Parses the whole text; throws `FileProblems` for an unterminated quoted field.
    public func records(text: String, file: String) throws -> [CSVRecord] {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstContentLine = text.split(separator: "\n", omittingEmptySubsequences: true)
            .first { line in commentPrefix.map { !line.hasPrefix(String($0)) } ?? true } ?? ""
        let delimiter = self.delimiter ?? Self.detectDelimiter(firstLine: firstContentLine)

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var line = 1
        var recordLine = 1
        var atRecordStart = true
        var skippingComment = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field.precomposedStringWithCanonicalMapping)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            quotedField = false
            atRecordStart = true
        }

        while let c = pending ?? iterator.next() {
            pending = nil
            if skippingComment {
                if c == "\n" || c == "\r\n" { skippingComment = false; line += 1; atRecordStart = true }
                continue
            }
            if atRecordStart {
                recordLine = line
                atRecordStart = false
                if let prefix = commentPrefix, c == prefix, !inQuotes {
                    skippingComment = true
                    continue
                }
            }
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !quotedField:
                inQuotes = true
                quotedField = true
            case delimiter:
                fields.append(field.precomposedStringWithCanonicalMapping)
                field = ""
                quotedField = false
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
            default:
                field.append(c)
            }
        }
        if inQuotes {
            throw FileProblems([FileProblem(file: file, line: recordLine, message: "a quoted field is not closed; expected a closing \" before the end of the file")])
        }
        if !atRecordStart || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
