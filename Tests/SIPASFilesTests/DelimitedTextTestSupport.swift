import Foundation
import Testing

@testable import SIPASFiles

/// A record compared by its fields' exact UTF-8 bytes (String's `==` ignores NFC vs NFD).
struct ExactRecord: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var fields: [String]

    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }

    init(_ record: CSVRecord) {
        self.init(record.line, record.fields)
    }

    static func == (lhs: ExactRecord, rhs: ExactRecord) -> Bool {
        lhs.line == rhs.line && lhs.fields.map { Array($0.utf8) } == rhs.fields.map { Array($0.utf8) }
    }

    var description: String { "\(line): \(fields.map(\.debugDescription).joined(separator: ", "))" }
}

/// Everything a reader yields: its records and the error that stopped it, if any.
struct ReadOutcome: Equatable, CustomStringConvertible {
    var records: [ExactRecord] = []
    var errorLine: Int?
    var errorMessage: String?
    var encoding: TextEncoding?
    var delimiter: Character?

    var description: String {
        records.map(\.description).joined(separator: "\n")
            + (errorMessage.map { "\nerror at line \(errorLine.map(String.init) ?? "-"): \($0)" } ?? "")
    }
}

/// A file in a fresh temporary directory, removed by ``remove()``.
struct TemporaryFile {
    let url: URL

    init(_ bytes: [UInt8], name: String = "input.csv") throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("delimited-text-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }
}

/// Reads every record of `bytes` written to a temporary file.
func read(
    _ bytes: [UInt8], encoding: TextEncoding? = nil, delimiter: Character? = nil, commentPrefix: Character? = nil,
    maxRecordBytes: Int = 1 << 20, chunkSize: Int = 1 << 20
) throws -> ReadOutcome {
    let file = try TemporaryFile(bytes)
    defer { file.remove() }
    return try read(
        file.url, encoding: encoding, delimiter: delimiter, commentPrefix: commentPrefix,
        maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
}

/// Reads every record of a file; a ``DelimitedTextError`` from `next()` ends the outcome.
func read(
    _ url: URL, encoding: TextEncoding? = nil, delimiter: Character? = nil, commentPrefix: Character? = nil,
    maxRecordBytes: Int = 1 << 20, chunkSize: Int = 1 << 20
) throws -> ReadOutcome {
    var reader = try DelimitedFileReader(
        url: url, encoding: encoding, delimiter: delimiter, commentPrefix: commentPrefix,
        maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    var outcome = ReadOutcome(encoding: reader.encoding, delimiter: reader.delimiter)
    do {
        while let record = try reader.next() { outcome.records.append(ExactRecord(record)) }
    } catch let error as DelimitedTextError {
        #expect(error.file == url.path)
        outcome.errorLine = error.line
        outcome.errorMessage = error.message
    }
    return outcome
}

/// Reads UTF-8 text.
func read(_ text: String, delimiter: Character? = nil, commentPrefix: Character? = nil, chunkSize: Int = 1 << 20) throws -> ReadOutcome {
    try read(Array(text.utf8), delimiter: delimiter, commentPrefix: commentPrefix, chunkSize: chunkSize)
}

/// Text as file bytes in an encoding, with or without a byte-order mark.
func encode(_ text: String, as encoding: TextEncoding, byteOrderMark: Bool = false) -> [UInt8] {
    switch encoding {
    case .utf8:
        return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    case .utf16LE:
        return (byteOrderMark ? [0xFF, 0xFE] : []) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    case .utf16BE:
        return (byteOrderMark ? [0xFE, 0xFF] : []) + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    case .windows1258:
        return Windows1258Encoder.encode(text)
    }
}

/// Encodes text as Windows-1258 the way Windows does: a letter the code page has is one byte;
/// otherwise the letter without its tone mark (precomposed where possible: ê, ư, ơ, ă) is
/// followed by the tone mark as a combining byte.
enum Windows1258Encoder {
    static let toneMarks: Set<Unicode.Scalar> = ["\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]

    static let bytes: [Unicode.Scalar: UInt8] = {
        var bytes: [Unicode.Scalar: UInt8] = [:]
        for byte in 0...255 {
            if let scalar = Windows1258.scalar(for: UInt8(byte)) { bytes[scalar] = UInt8(byte) }
        }
        return bytes
    }()

    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for character in text.precomposedStringWithCanonicalMapping {
            let scalars = Array(String(character).unicodeScalars)
            if scalars.allSatisfy({ bytes[$0] != nil }) {
                output += scalars.map { bytes[$0]! }
                continue
            }
            let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            var base = String.UnicodeScalarView()
            base.append(contentsOf: decomposed.filter { !toneMarks.contains($0) })
            let tones = decomposed.filter { toneMarks.contains($0) }
            for scalar in String(base).precomposedStringWithCanonicalMapping.unicodeScalars + tones {
                guard let byte = bytes[scalar] else { fatalError("\(character) is not encodable in Windows-1258") }
                output.append(byte)
            }
        }
        return output
    }
}

/// Runs Python 3 for cross-checks; tests that need it are skipped when it is missing.
enum CSVPython {
    static let isAvailable: Bool = (try? run("print('ok')")) == Array("ok\n".utf8)

    /// The standard output of `python3 -c code`.
    static func run(_ code: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
        return [UInt8](data)
    }

    struct PythonFailed: Error { var status: Int32 }

    /// Python source for `cp1258(s)`, which encodes like ``Windows1258Encoder``.
    static let windows1258Encoder = """
        import sys, unicodedata
        TONES = '\\u0300\\u0301\\u0303\\u0309\\u0323'
        def cp1258(s):
            out = b''
            for ch in unicodedata.normalize('NFC', s):
                try:
                    out += ch.encode('cp1258')
                    continue
                except UnicodeEncodeError:
                    pass
                d = unicodedata.normalize('NFD', ch)
                base = unicodedata.normalize('NFC', ''.join(c for c in d if c not in TONES))
                out += (base + ''.join(c for c in d if c in TONES)).encode('cp1258')
            return out

        """
}

/// A small seeded generator so that a failing property test can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
