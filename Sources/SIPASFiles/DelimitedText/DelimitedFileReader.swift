import Foundation
import SIPASCore

/// Streams records from a file without holding it: reads in chunks (e.g. 1 MiB), transcodes to
/// UTF-8, and parses RFC 4180 CSV (quotes, doubled quotes, delimiters and newlines inside quotes,
/// LF / CRLF / lone CR line ends, a trailing newline or none). Blank lines are skipped (but
/// counted for line numbers).
///
/// Text after a closing quote and before the next delimiter is kept (`"a"b` reads as `ab`), and a
/// quote inside an unquoted field is an ordinary character, as in Excel and Python's `csv`.
///
/// The reader owns an open file handle: don't copy it and use both copies.
///
/// ```swift
/// var reader = try DelimitedFileReader(url: url)
/// while let record = try reader.next() { … }
/// ```
public struct DelimitedFileReader {
    /// The file's encoding, as given or detected.
    public let encoding: TextEncoding
    /// The field delimiter, as given or detected.
    public let delimiter: Character
    /// The file's size in bytes when it was opened.
    public let totalBytes: Int
    /// Bytes of the file read so far, for a progress bar.
    public var bytesRead: Int { stream.bytesRead }

    private let path: String
    private var stream: DecodingStream
    private var parser: RecordParser
    private var position = 0
    private var atEnd = false
    private var failure: DelimitedTextError?
    /// The fields of the record ``next()`` returns, kept to reuse their storage.
    private var scratch = RowCells()

    /// Opens a file and detects what was not given.
    ///
    /// Detects the encoding unless given: a BOM (UTF-8 EF BB BF, UTF-16 FF FE / FE FF) decides;
    /// without one, UTF-16 is recognised by NUL bytes in every other position of the first 4 KiB;
    /// otherwise valid UTF-8 is UTF-8, and anything else is Windows-1258 (judged on up to 4 KiB
    /// from the first non-ASCII byte, wherever it is). A given encoding is used as is, except that
    /// a matching BOM is skipped and a UTF-16 BOM decides the byte order of a given UTF-16.
    ///
    /// Detects the delimiter unless given: comma, semicolon (Excel in a Vietnamese locale) or tab,
    /// whichever occurs most outside quotes in the first record (ties: comma, then semicolon, then
    /// tab).
    ///
    /// - Parameters:
    ///   - delimiter: an ASCII character other than a quote or a line end.
    ///   - commentPrefix: lines starting with this ASCII character (outside quotes) are skipped.
    ///   - maxRecordBytes: the longest record accepted, in UTF-8 bytes without the line end (must
    ///     be positive); a longer one is an error, found without reading the rest of it into
    ///     memory.
    public init(
        url: URL, encoding: TextEncoding? = nil, delimiter: Character? = nil,
        commentPrefix: Character? = nil, maxRecordBytes: Int = 1 << 20
    ) throws {
        try self.init(
            url: url, encoding: encoding, delimiter: delimiter, commentPrefix: commentPrefix,
            maxRecordBytes: maxRecordBytes, chunkSize: 1 << 20)
    }

    /// As the public initialiser, reading `chunkSize` bytes at a time (tests use tiny chunks).
    init(
        url: URL, encoding: TextEncoding?, delimiter: Character?, commentPrefix: Character?,
        maxRecordBytes: Int, chunkSize: Int
    ) throws {
        precondition(chunkSize > 0 && maxRecordBytes > 0)
        let path = url.path
        func fail(_ message: String) -> DelimitedTextError {
            DelimitedTextError(file: path, line: nil, message: message)
        }
        let delimiterByte = try delimiter.map { character in
            guard let byte = Self.asciiByte(character) else {
                throw fail("the delimiter must be one ASCII character other than a quote or a line end, not \(character.debugDescription)")
            }
            return byte
        }
        let commentByte = try commentPrefix.map { character in
            guard let byte = Self.asciiByte(character) else {
                throw fail(
                    "the comment prefix must be one ASCII character other than a quote or a line end, not \(character.debugDescription)")
            }
            return byte
        }

        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw fail("cannot open the file (\(error.localizedDescription))")
        }
        do {
            totalBytes = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            var sample: [UInt8] = []
            while sample.count < EncodingDetection.sampleSize,
                let data = try handle.read(upToCount: EncodingDetection.sampleSize - sample.count), !data.isEmpty
            {
                sample.append(contentsOf: data)
            }
            let (detected, markLength) = try Self.detectEncoding(given: encoding, sample: sample, handle: handle)
            self.encoding = detected
            stream = DecodingStream(
                handle: handle, encoding: detected, chunkSize: chunkSize,
                pending: Array(sample.dropFirst(markLength)), skipped: markLength)
        } catch {
            throw fail("cannot read the file (\(error.localizedDescription))")
        }
        parser = RecordParser(delimiter: delimiterByte ?? 0, commentByte: commentByte, maxRecordBytes: maxRecordBytes)
        self.path = path
        if let delimiterByte {
            self.delimiter = Character(Unicode.Scalar(delimiterByte))
        } else {
            let detected = try Self.detectDelimiter(stream: &stream, parser: &parser, position: &position, path: path)
            parser.delimiter = detected
            self.delimiter = Character(Unicode.Scalar(detected))
        }
        if let commentByte, commentByte == parser.delimiter {
            throw fail("the comment prefix and the delimiter must differ")
        }
    }

    /// The next record, or nil at the end of the file.
    ///
    /// Throws ``DelimitedTextError`` naming the line for text invalid in the file's encoding, a
    /// quoted field that is never closed, or a record longer than `maxRecordBytes`; records before
    /// the problem are returned first. After an error, every call throws it again.
    public mutating func next() throws -> CSVRecord? {
        var fields = RowCells()
        swap(&fields, &scratch)
        defer { swap(&fields, &scratch) }
        guard let line = try nextRecord(into: &fields) else { return nil }
        return CSVRecord(line: line, fields: fields.strings)
    }

    /// As ``next()``, with the record's fields put into `fields` (which is emptied first) as
    /// UTF-8 bytes, exactly the bytes of the strings ``next()`` returns; returns the line the
    /// record starts on. Refilling one `fields` value record after record reuses its storage.
    mutating func nextRecord(into fields: inout RowCells) throws -> Int? {
        fields.removeAll()
        if let failure { throw failure }
        do {
            while true {
                let step = try stream.buffer.withUnsafeBufferPointer { bytes in
                    try parser.parse(bytes, position: &position, atEnd: atEnd)
                }
                switch step {
                case .record(let line):
                    parser.takeRecord(into: &fields)
                    return line
                case .end:
                    return nil
                case .needMore(let line):
                    stream.discard(position)
                    position = 0
                    if try stream.fill() { continue }
                    if let problem = stream.problem {
                        throw DelimitedTextError(file: path, line: line, message: problem, remedy: stream.remedy)
                    }
                    atEnd = true
                }
            }
        } catch let error as DelimitedTextError {
            failure = error
            throw error
        } catch RecordParser.Failure.unterminatedQuote(let line) {
            failure = DelimitedTextError(
                file: path, line: line,
                message: "a quoted field starts on this line but its closing quote (\") is missing")
            throw failure!
        } catch RecordParser.Failure.recordTooLong(let line) {
            failure = DelimitedTextError(
                file: path, line: line,
                message: "line \(line) is longer than \(Self.size(parser.maxRecordBytes)); expected one questionnaire or tally row per line"
            )
            throw failure!
        } catch {
            failure = DelimitedTextError(file: path, line: nil, message: "cannot read the file (\(error.localizedDescription))")
            throw failure!
        }
    }

    private static func detectEncoding(
        given: TextEncoding?, sample: [UInt8], handle: FileHandle
    ) throws -> (TextEncoding, markLength: Int) {
        let mark = EncodingDetection.byteOrderMark(sample)
        if let given {
            guard let mark else { return (given, 0) }
            if mark.encoding == given || (mark.encoding.isUTF16 && given.isUTF16) { return (mark.encoding, mark.length) }
            return (given, 0)
        }
        if let mark { return (mark.encoding, mark.length) }
        if let utf16 = EncodingDetection.utf16WithoutByteOrderMark(sample) { return (utf16, 0) }
        return (try EncodingDetection.utf8OrWindows1258(sample: sample, handle: handle), 0)
    }

    /// Skips leading blank and comment lines, then buffers the first record (up to
    /// `maxRecordBytes`) and picks the delimiter from it. Consumes nothing but those lines.
    private static func detectDelimiter(
        stream: inout DecodingStream, parser: inout RecordParser, position: inout Int, path: String
    ) throws -> UInt8 {
        var state = DelimiterDetection.State()
        var atRecord = false
        do {
            while true {
                let done = stream.buffer.withUnsafeBufferPointer { bytes in
                    if !atRecord {
                        atRecord = parser.skipToRecord(bytes, position: &position, atEnd: false)
                        if !atRecord { return false }
                    }
                    // Limited so a huge first line is not buffered; parsing will reject it.
                    return DelimiterDetection.scan(bytes, from: position, limit: min(parser.maxRecordBytes, Int.max - 1) + 1, state: &state)
                }
                if done { break }
                if !atRecord {
                    stream.discard(position)
                    position = 0
                }
                guard try stream.fill() else { break }
            }
        } catch {
            throw DelimitedTextError(file: path, line: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return state.best
    }

    private static func asciiByte(_ character: Character) -> UInt8? {
        guard character.unicodeScalars.count == 1, let byte = character.asciiValue,
            byte != RecordParser.quote, byte != RecordParser.cr, byte != RecordParser.lf
        else { return nil }
        return byte
    }

    /// "1 MiB", "64 KiB" or "100 bytes".
    private static func size(_ bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
