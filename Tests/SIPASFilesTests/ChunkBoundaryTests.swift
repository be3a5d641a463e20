import Foundation
import Testing

@testable import SIPASFiles

/// Generated files read with tiny chunks must give exactly what the generator wrote, whatever the
/// encoding and wherever the chunk boundaries fall (inside a UTF-8 sequence or a UTF-16 surrogate
/// pair, between two quotes, between CR and LF).
@Suite struct ChunkBoundaryTests {
    /// A generated file: its text as scalars, the records it holds, and where each record ends.
    struct Sample {
        var scalars: [Unicode.Scalar] = []
        var records: [ExactRecord] = []
        /// Scalar index of each record's line end (or of the end of the text).
        var recordEnds: [Int] = []
        var delimiter: Character = ","
        var commentPrefix: Character?
        var encoding: TextEncoding = .utf8
        var byteOrderMark = false

        var text: String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }

        /// The 1-based line at a scalar index: CR ends a line, LF does unless it follows a CR.
        func line(at index: Int) -> Int {
            var line = 1
            for position in 0..<index {
                let scalar = scalars[position]
                if scalar == "\r" || (scalar == "\n" && (position == 0 || scalars[position - 1] != "\r")) { line += 1 }
            }
            return line
        }
    }

    static let pieces: [String] = [
        "a", "Z", "7", "0", " ", ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n", "#",
        "é", "e\u{301}", "ệ", "Nghe\u{323}\u{302}", "ư", "Đ", "ường", "€", "—", "😀", "𝄞",
    ]

    static func generate(using random: inout SplitMix64) -> Sample {
        var sample = Sample()
        sample.delimiter = [",", ";", "\t"].randomElement(using: &random)!
        sample.commentPrefix = Bool.random(using: &random) ? "#" : nil
        sample.encoding = TextEncoding.allCases.randomElement(using: &random)!
        sample.byteOrderMark = sample.encoding != .windows1258 && Bool.random(using: &random)
        let usable = pieces.filter { sample.encoding != .windows1258 || !$0.unicodeScalars.contains { $0.value > 0xFFFF } }
        let lineEnds = ["\n", "\r\n", "\r"]
        let delimiter = String(sample.delimiter)

        func append(_ text: String) { sample.scalars.append(contentsOf: text.unicodeScalars) }

        for _ in 0..<Int.random(in: 0...12, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                append(lineEnds.randomElement(using: &random)!)  // a blank line
            case 1 where sample.commentPrefix != nil:
                append(
                    "#"
                        + (0..<Int.random(in: 0...5, using: &random)).map { _ in
                            ["x", ",", ";", "\"", " ", "é"].randomElement(using: &random)!
                        }.joined())
                append(lineEnds.randomElement(using: &random)!)
            default:
                let start = sample.scalars.count
                var fields: [String] = []
                let fieldCount = Int.random(in: 1...5, using: &random)
                for column in 0..<fieldCount {
                    let content = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                        usable.randomElement(using: &random)!
                    }.joined()
                    let mustQuote =
                        content.unicodeScalars.contains { "\"\r\n".unicodeScalars.contains($0) }
                        || content.contains(delimiter)
                        || (column == 0 && content.hasPrefix("#") && sample.commentPrefix != nil)
                        || (fieldCount == 1 && content.isEmpty)
                    if column > 0 { append(delimiter) }
                    if mustQuote || Int.random(in: 0..<4, using: &random) == 0 {
                        append("\"" + content.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                    } else {
                        append(content)
                    }
                    fields.append(content.precomposedStringWithCanonicalMapping)
                }
                sample.records.append(ExactRecord(sample.line(at: start), fields))
                sample.recordEnds.append(sample.scalars.count)
                append(lineEnds.randomElement(using: &random)!)
            }
        }
        // Sometimes no line end at the end of the file.
        if Bool.random(using: &random), let last = sample.scalars.last, last == "\n" || last == "\r" {
            sample.scalars.removeLast()
            if last == "\n", sample.scalars.last == "\r" { sample.scalars.removeLast() }
        }
        return sample
    }

    static func bytes(_ scalars: ArraySlice<Unicode.Scalar>, _ sample: Sample) -> [UInt8] {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return encode(String(view), as: sample.encoding)
    }

    static func bytes(_ sample: Sample) -> [UInt8] {
        encode(sample.text, as: sample.encoding, byteOrderMark: sample.byteOrderMark)
    }

    /// Bytes not valid in the sample's encoding.
    static func invalidBytes(_ encoding: TextEncoding) -> [UInt8] {
        switch encoding {
        case .utf8: [0xFF]
        case .utf16LE: [0x00, 0xDC]
        case .utf16BE: [0xDC, 0x00]
        case .windows1258: [0x8D]
        }
    }

    static let chunkSizes = [1, 2, 3, 4, 5, 7, 11, 64, 1 << 20]

    @Test func generatedFilesReadTheSameInAnyChunking() throws {
        var random = SplitMix64(seed: 20_240_501)
        for round in 0..<400 {
            let sample = Self.generate(using: &random)
            let file = try TemporaryFile(Self.bytes(sample))
            defer { file.remove() }
            let expected = ReadOutcome(records: sample.records, encoding: sample.encoding, delimiter: sample.delimiter)
            for chunkSize in [Self.chunkSizes.randomElement(using: &random)!, Int.random(in: 1...9, using: &random), 1 << 20] {
                let outcome = try read(
                    file.url, encoding: sample.encoding, delimiter: sample.delimiter,
                    commentPrefix: sample.commentPrefix, chunkSize: chunkSize)
                #expect(outcome == expected, "round \(round), chunk size \(chunkSize), text \(sample.text.debugDescription)")
                if outcome != expected { return }
            }
        }
    }

    @Test func errorsAreTheSameInAnyChunking() throws {
        var random = SplitMix64(seed: 7_350_042)
        for round in 0..<300 {
            var sample = Self.generate(using: &random)
            var bytes: [UInt8]
            var expected = ReadOutcome(encoding: sample.encoding, delimiter: sample.delimiter)
            if Bool.random(using: &random) {
                // Bytes invalid in the encoding, at any scalar boundary.
                var at = Int.random(in: 0...sample.scalars.count, using: &random)
                if sample.encoding == .windows1258 {
                    // The test encoder needs whole letters: don't split a letter from its marks.
                    while at < sample.scalars.count && (0x300...0x36F).contains(sample.scalars[at].value) { at += 1 }
                }
                bytes =
                    (sample.byteOrderMark ? encode("", as: sample.encoding, byteOrderMark: true) : [])
                    + Self.bytes(sample.scalars[..<at], sample) + Self.invalidBytes(sample.encoding)
                    + Self.bytes(sample.scalars[at...], sample)
                expected.records = zip(sample.records, sample.recordEnds).filter { $0.1 < at }.map(\.0)
                expected.errorLine = sample.line(at: at)
            } else {
                // A quoted field that never closes, as the first or a later field of the last record.
                if let last = sample.scalars.last, last != "\n" && last != "\r" { sample.scalars.append("\n") }
                let line = sample.line(at: sample.scalars.count)
                let opening = Bool.random(using: &random) ? "\"" : "x\(sample.delimiter)\""
                sample.scalars.append(contentsOf: (opening + "never\r\nclosed\"\"").unicodeScalars)
                bytes = Self.bytes(sample)
                expected.records = sample.records
                expected.errorLine = line
            }
            let file = try TemporaryFile(bytes)
            defer { file.remove() }
            let whole = try read(
                file.url, encoding: sample.encoding, delimiter: sample.delimiter, commentPrefix: sample.commentPrefix)
            #expect(
                whole.records == expected.records && whole.errorLine == expected.errorLine && whole.errorMessage != nil,
                "round \(round): \(whole) expected \(expected), text \(sample.text.debugDescription)")
            for chunkSize in [Self.chunkSizes.randomElement(using: &random)!, Int.random(in: 1...9, using: &random)] {
                let outcome = try read(
                    file.url, encoding: sample.encoding, delimiter: sample.delimiter,
                    commentPrefix: sample.commentPrefix, chunkSize: chunkSize)
                #expect(outcome == whole, "round \(round), chunk size \(chunkSize), text \(sample.text.debugDescription)")
                if outcome != whole { return }
            }
        }
    }

    @Test func detectionAndLimitsAreTheSameInAnyChunking() throws {
        // Nothing given: the encoding, the delimiter, and records over a small limit.
        var random = SplitMix64(seed: 99)
        for round in 0..<300 {
            let sample = Self.generate(using: &random)
            let file = try TemporaryFile(Self.bytes(sample))
            defer { file.remove() }
            let limit = Int.random(in: 1...60, using: &random)
            let whole = try read(file.url, commentPrefix: sample.commentPrefix, maxRecordBytes: limit)
            for chunkSize in [Int.random(in: 1...9, using: &random), Self.chunkSizes.randomElement(using: &random)!] {
                let outcome = try read(file.url, commentPrefix: sample.commentPrefix, maxRecordBytes: limit, chunkSize: chunkSize)
                #expect(outcome == whole, "round \(round), chunk size \(chunkSize), text \(sample.text.debugDescription)")
                if outcome != whole { return }
            }
        }
    }
}
