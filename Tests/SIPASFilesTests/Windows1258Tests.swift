import Foundation
import Testing

@testable import SIPASFiles

@Suite struct Windows1258Tests {
    @Test(.enabled(if: CSVPython.isAvailable, "needs python3"))
    func tableMatchesPythonCodec() throws {
        let output = try CSVPython.run(
            """
            for b in range(256):
                try:
                    print(b, ' '.join('%X' % ord(c) for c in bytes([b]).decode('cp1258')))
                except UnicodeDecodeError:
                    print(b, '-')
            """)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 256)
        for line in lines {
            let parts = line.split(separator: " ")
            let byte = UInt8(parts[0])!
            let expected = parts[1] == "-" ? nil : Unicode.Scalar(UInt32(parts[1], radix: 16)!)
            #expect(Windows1258.scalar(for: byte) == expected, "byte \(byte)")
        }
    }

    @Test func undefinedBytes() {
        let undefined = (0...255).map(UInt8.init).filter { Windows1258.scalar(for: $0) == nil }
        #expect(undefined == [0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E])
    }

    /// "Hà Tĩnh,Phường Thành Sen\n" as Windows writes it: à is one byte, ĩ is i + combining tilde,
    /// ường is ư + ơ + combining grave.
    static let haTinh: [UInt8] = [
        0x48, 0xE0, 0x20, 0x54, 0x69, 0xDE, 0x6E, 0x68, 0x2C,
        0x50, 0x68, 0xFD, 0xF5, 0xCC, 0x6E, 0x67, 0x20, 0x54, 0x68, 0xE0, 0x6E, 0x68, 0x20, 0x53, 0x65, 0x6E, 0x0A,
    ]

    @Test func decodesToPrecomposedText() throws {
        let outcome = try read(Self.haTinh, encoding: .windows1258)
        #expect(outcome.records == [ExactRecord(1, ["H\u{E0} T\u{129}nh", "Ph\u{1B0}\u{1EDD}ng Th\u{E0}nh Sen"])])
        #expect(outcome.records.first?.fields == ["Hà Tĩnh", "Phường Thành Sen"])
    }

    @Test(.enabled(if: CSVPython.isAvailable, "needs python3"))
    func decodesWhatPythonEncodes() throws {
        let bytes = try CSVPython.run(
            CSVPython.windows1258Encoder + """
                sys.stdout.buffer.write(cp1258('Hà Tĩnh,Phường Thành Sen\\n'))
                """)
        #expect(bytes == Self.haTinh)
        #expect(Windows1258Encoder.encode("Hà Tĩnh,Phường Thành Sen\n") == bytes)
        let outcome = try read(bytes)
        #expect(outcome.encoding == .windows1258)
        #expect(outcome.records == [ExactRecord(1, ["H\u{E0} T\u{129}nh", "Ph\u{1B0}\u{1EDD}ng Th\u{E0}nh Sen"])])
    }

    @Test(.enabled(if: CSVPython.isAvailable, "needs python3"))
    func decodesFullyDecomposedText() throws {
        // Every tone as a combining byte, even where a precomposed byte exists (à as a + 0xCC).
        let text = "Nghệ An;Quảng Trị;Thừa Thiên Huế;Đắk Lắk;Bà Rịa – Vũng Tàu;Ninh Thuận\r\n"
        let bytes = try CSVPython.run(
            CSVPython.windows1258Encoder + """
                s = \(pythonLiteral(text))
                out = b''
                for ch in s:
                    d = unicodedata.normalize('NFD', ch)
                    tones = ''.join(c for c in d if c in TONES)
                    out += cp1258(unicodedata.normalize('NFC', ''.join(c for c in d if c not in TONES))) + tones.encode('cp1258')
                sys.stdout.buffer.write(out)
                """)
        #expect(bytes.contains(0xCC))
        let outcome = try read(bytes, encoding: .windows1258)
        let expected = text.dropLast().split(separator: ";").map { String($0).precomposedStringWithCanonicalMapping }
        #expect(outcome.records == [ExactRecord(1, expected)])
    }

    @Test func undefinedByteIsAnErrorNamingTheLine() throws {
        let bytes = Array("ma,ten\n1,\"H".utf8) + [0xE0, 0x0A, 0x81] + Array("\"\n".utf8)
        let outcome = try read(bytes, encoding: .windows1258)
        #expect(outcome.records == [ExactRecord(1, ["ma", "ten"])])
        #expect(outcome.errorLine == 3)
        #expect(outcome.errorMessage?.contains("byte 0x81 is not a character in Windows-1258") == true)
    }

    @Test func detectedWhenNotUTF8() throws {
        let outcome = try read(Self.haTinh)
        #expect(outcome.encoding == .windows1258)
        #expect(outcome.records.count == 1)
    }

    @Test func detectedAfterALongASCIIStart() throws {
        // The first 4 KiB are ASCII; the Vietnamese rows come later.
        var bytes = Array("ma_xa,so_ho\n".utf8)
        for index in 0..<2000 { bytes += Array("\(index),\(index * 7)\n".utf8) }
        #expect(bytes.count > 3 * 4096)
        bytes += Self.haTinh
        let outcome = try read(bytes, chunkSize: 1000)
        #expect(outcome.encoding == .windows1258)
        #expect(outcome.errorMessage == nil)
        #expect(outcome.records.last == ExactRecord(2002, ["Hà Tĩnh", "Phường Thành Sen"]))
    }
}

/// A Python string literal for `text`.
func pythonLiteral(_ text: String) -> String {
    "'"
        + text.unicodeScalars.map { scalar in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "'" && scalar != "\\"
                ? String(scalar) : String(format: "\\U%08x", scalar.value)
        }.joined() + "'"
}
