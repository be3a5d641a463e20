import Foundation
import Testing

@testable import SIPASFiles

/// Records too long for memory and quoted fields that never close.
@Suite struct LimitTests {
    /// Writes `header`, then `repeatCount` × `block`, then `trailer`, without holding it all.
    static func writeLargeFile(header: String, block: [UInt8], repeatCount: Int, trailer: String) throws -> TemporaryFile {
        let file = try TemporaryFile(Array(header.utf8))
        let handle = try FileHandle(forWritingTo: file.url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        for _ in 0..<repeatCount { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Array(trailer.utf8))
        return file
    }

    @Test func hundredMegabyteLineStopsEarly() throws {
        let file = try Self.writeLargeFile(
            header: "ma,ten\n", block: [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20), repeatCount: 100,
            trailer: "\n1,2\n")
        defer { file.remove() }
        var reader = try DelimitedFileReader(url: file.url)
        #expect(reader.totalBytes > 100 << 20)
        #expect(try reader.next() == CSVRecord(line: 1, fields: ["ma", "ten"]))
        let error = try #require(throws: DelimitedTextError.self) { try reader.next() }
        #expect(error.line == 2)
        #expect(error.message == "line 2 is longer than 1 MiB; expected one questionnaire or tally row per line")
        #expect(error.description == "\(file.url.path), line 2: \(error.message)")
        // Stopped after about two chunks.
        #expect(reader.bytesRead <= 3 << 20)
        // The error sticks.
        #expect(throws: DelimitedTextError.self) { try reader.next() }
    }

    @Test func longQuotedFieldStopsEarly() throws {
        let block = Array(String(repeating: "Hà Tĩnh, \"\"quoted\"\"\n", count: 1000).utf8)
        let file = try Self.writeLargeFile(
            header: "a,b\n\n1,\"", block: block, repeatCount: 200, trailer: "\"\n")
        defer { file.remove() }
        var reader = try DelimitedFileReader(
            url: file.url, encoding: nil, delimiter: nil, commentPrefix: nil, maxRecordBytes: 1 << 20, chunkSize: 1 << 16)
        #expect(try reader.next()?.line == 1)
        let error = try #require(throws: DelimitedTextError.self) { try reader.next() }
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("line 3 is longer than 1 MiB"))
        #expect(reader.bytesRead < (1 << 20) + (1 << 17) + 8192)
    }

    @Test func maxRecordBytesIsExact() throws {
        // "12345,7890" is 10 bytes; the line end doesn't count.
        let text = "12345,7890\r\n12345,78901\n"
        for chunkSize in [1, 3, 1 << 20] {
            let outcome = try read(Array(text.utf8), maxRecordBytes: 10, chunkSize: chunkSize)
            #expect(outcome.records == [ExactRecord(1, ["12345", "7890"])])
            #expect(outcome.errorLine == 2)
            #expect(outcome.errorMessage == "line 2 is longer than 10 bytes; expected one questionnaire or tally row per line")
        }
        let kibibytes = try read(Array((String(repeating: "x", count: 2049) + "\n").utf8), maxRecordBytes: 2048)
        #expect(kibibytes.errorMessage == "line 1 is longer than 2 KiB; expected one questionnaire or tally row per line")
    }

    @Test(arguments: [
        ("a,b\n\"x\ny\nz", 2, [ExactRecord(1, ["a", "b"])]),
        ("1,2\n3,\"abc\n\ndef\n", 2, [ExactRecord(1, ["1", "2"])]),
        ("1,2\r\n\r\n\"\"\"", 3, [ExactRecord(1, ["1", "2"])]),
        ("\"", 1, []),
        ("ok\n\"a\"\"\"\"", 2, [ExactRecord(1, ["ok"])]),
    ])
    func unterminatedQuoteNamesTheLineItStarts(text: String, line: Int, records: [ExactRecord]) throws {
        for chunkSize in [1, 2, 1 << 20] {
            let outcome = try read(text, chunkSize: chunkSize)
            #expect(outcome.records == records)
            #expect(outcome.errorLine == line)
            #expect(outcome.errorMessage == "a quoted field starts on this line but its closing quote (\") is missing")
        }
    }
}
