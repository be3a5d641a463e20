import SIPASCore

/// Byte-level RFC 4180 parser over UTF-8 text that arrives in pieces.
///
/// ``parse(_:position:atEnd:)`` takes the text buffered so far. It returns one record, or asks
/// for more text when the buffer ends inside a record; it then resumes at the start of the field
/// it was in (finished fields of the record are kept), so a chunk boundary anywhere — inside a
/// UTF-8 sequence, between two quotes, between CR and LF — gives the same result.
struct RecordParser {
    enum Step {
        /// A record starting on `line` is complete; ``takeRecord(into:)`` hands its fields over.
        case record(line: Int)
        /// The buffer ends inside a line; `line` is the line number at its end.
        case needMore(line: Int)
        case end
    }

    enum Failure: Error {
        case unterminatedQuote(line: Int)
        case recordTooLong(line: Int)
    }

    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    var delimiter: UInt8
    let commentByte: UInt8?
    let maxRecordBytes: Int

    /// Line number at the parse position.
    private(set) var line = 1
    /// The last line end consumed was a CR, so an LF right after it belongs to the same line end.
    private var skipLF = false
    private var inComment = false
    private var inRecord = false
    private var recordLine = 0
    /// UTF-8 bytes of the current record's finished fields and delimiters.
    private var recordBytes = 0
    /// The current record's finished fields (unquoted, NFC-normalised UTF-8).
    private var fields = RowCells()
    /// Scratch space for unquoting a field with doubled quotes or text after its closing quote.
    private var unquoted: [UInt8] = []

    init(delimiter: UInt8, commentByte: UInt8?, maxRecordBytes: Int) {
        self.delimiter = delimiter
        self.commentByte = commentByte
        self.maxRecordBytes = maxRecordBytes
    }

    /// Skips line ends, blank lines and comment lines from `position`. Returns true when
    /// `position` is at the first byte of a record, false when the buffer was used up.
    mutating func skipToRecord(_ bytes: UnsafeBufferPointer<UInt8>, position: inout Int, atEnd: Bool) -> Bool {
        let count = bytes.count
        var index = position
        defer { position = index }
        while true {
            if skipLF {
                guard index < count else {
                    if atEnd { skipLF = false }
                    return false
                }
                if bytes[index] == Self.lf { index += 1 }
                skipLF = false
            }
            if inComment {
                while index < count && bytes[index] != Self.cr && bytes[index] != Self.lf { index += 1 }
                guard index < count else {
                    if atEnd { inComment = false }
                    return false
                }
                inComment = false
            }
            guard index < count else { return false }
            let byte = bytes[index]
            if byte == Self.cr || byte == Self.lf {
                skipLF = byte == Self.cr
                line += 1
                index += 1
            } else if byte == commentByte {
                inComment = true
                index += 1
            } else {
                return true
            }
        }
    }

    /// Parses the next record from `bytes[position...]`; `atEnd` says no more text will follow.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, position: inout Int, atEnd: Bool) throws -> Step {
        let count = bytes.count
        var index = position
        while true {
            if !inRecord {
                guard skipToRecord(bytes, position: &index, atEnd: atEnd) else {
                    position = index
                    return atEnd ? .end : .needMore(line: line)
                }
                inRecord = true
                recordLine = line
                recordBytes = 0
            }

            let fieldStart = index
            var fieldLines = 0
            if index < count && bytes[index] == Self.quote {
                // Quoted field: find the closing quote, skipping doubled quotes.
                var scan = index + 1
                var hasDoubledQuote = false
                var allBits: UInt8 = 0
                while true {
                    while scan < count {
                        let byte = bytes[scan]
                        if byte == Self.quote { break }
                        if byte == Self.cr || (byte == Self.lf && bytes[scan - 1] != Self.cr) { fieldLines += 1 }
                        allBits |= byte
                        scan += 1
                    }
                    if scan == count {
                        if atEnd { throw Failure.unterminatedQuote(line: line) }
                        return try needMore(bytes, fieldStart: fieldStart, lines: fieldLines, position: &position)
                    }
                    // A quote at the end of the buffer is taken as closing for now; the scan
                    // below then asks for more text, and the field is parsed again.
                    guard scan + 1 < count && bytes[scan + 1] == Self.quote else { break }
                    hasDoubledQuote = true
                    scan += 2
                }
                let contentEnd = scan
                // Like Excel and Python, keep text between the closing quote and the delimiter.
                var end = contentEnd + 1
                while end < count {
                    let byte = bytes[end]
                    if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                    allBits |= byte
                    end += 1
                }
                if end == count && !atEnd {
                    return try needMore(bytes, fieldStart: fieldStart, lines: fieldLines, position: &position)
                }
                appendQuotedField(
                    bytes, content: (index + 1)..<contentEnd, trailing: (contentEnd + 1)..<end,
                    hasDoubledQuote: hasDoubledQuote, isASCII: allBits < 0x80)
                index = end
            } else {
                var end = index
                var allBits: UInt8 = 0
                while end < count {
                    let byte = bytes[end]
                    if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                    allBits |= byte
                    end += 1
                }
                if end == count && !atEnd {
                    return try needMore(bytes, fieldStart: fieldStart, lines: 0, position: &position)
                }
                NFCField.append(UnsafeBufferPointer(rebasing: bytes[index..<end]), isASCII: allBits < 0x80, to: &fields)
                index = end
            }

            line += fieldLines
            recordBytes += index - fieldStart
            if index < count && bytes[index] == delimiter {
                index += 1
                recordBytes += 1
                continue
            }
            if recordBytes > maxRecordBytes { throw Failure.recordTooLong(line: recordLine) }
            if index < count {
                skipLF = bytes[index] == Self.cr
                line += 1
                index += 1
            }
            position = index
            inRecord = false
            return .record(line: recordLine)
        }
    }

    /// Moves the fields of the record just returned by ``parse(_:position:atEnd:)`` into
    /// `target`, taking `target`'s storage in exchange so that neither is allocated again.
    mutating func takeRecord(into target: inout RowCells) {
        swap(&fields, &target)
        fields.removeAll()
    }

    /// Asks for more text, resuming later at `fieldStart`; fails once the record is known to be
    /// too long, so a huge line is never held in memory.
    private func needMore(_ bytes: UnsafeBufferPointer<UInt8>, fieldStart: Int, lines: Int, position: inout Int) throws -> Step {
        if recordBytes + (bytes.count - fieldStart) > maxRecordBytes {
            throw Failure.recordTooLong(line: recordLine)
        }
        position = fieldStart
        return .needMore(line: line + lines)
    }

    /// Appends a quoted field's content without its doubled quotes, then any text after the
    /// closing quote, as one field.
    private mutating func appendQuotedField(
        _ bytes: UnsafeBufferPointer<UInt8>, content: Range<Int>, trailing: Range<Int>,
        hasDoubledQuote: Bool, isASCII: Bool
    ) {
        if !hasDoubledQuote && trailing.isEmpty {
            NFCField.append(UnsafeBufferPointer(rebasing: bytes[content]), isASCII: isASCII, to: &fields)
            return
        }
        // Borrow the scratch buffer, so that filling `fields` from it is no overlapping access.
        var scratch: [UInt8] = []
        swap(&scratch, &unquoted)
        defer { swap(&scratch, &unquoted) }
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(content.count + trailing.count)
        var index = content.lowerBound
        while index < content.upperBound {
            let byte = bytes[index]
            scratch.append(byte)
            index += byte == Self.quote ? 2 : 1
        }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[trailing]))
        scratch.withUnsafeBufferPointer { NFCField.append($0, isASCII: isASCII, to: &fields) }
    }
}
