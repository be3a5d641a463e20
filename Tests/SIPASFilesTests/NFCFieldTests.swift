import Foundation
import Testing

@testable import SIPASFiles

@Suite struct NFCFieldTests {
    static func isCertainlyNFC(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { NFCField.isCertainlyNFC($0) }
    }

    @Test func fastCheckAcceptsExactlyTheStableRanges() {
        for value in UInt32(0x80)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let stable = NFCField.stableRanges.contains { $0.contains(value) }
            #expect(Self.isCertainlyNFC(String(scalar)) == stable, "U+\(String(value, radix: 16))")
            if stable {
                #expect(scalar.properties.canonicalCombiningClass == .notReordered)
                #expect(Array(String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars) == [scalar])
            }
        }
    }

    @Test(.enabled(if: CSVPython.isAvailable, "needs python3"))
    func stableRangesNeverComposeWithWhatPrecedes() throws {
        let ranges = NFCField.stableRanges.map { "range(\($0.lowerBound), \($0.upperBound + 1))" }.joined(separator: ", ")
        let output = try CSVPython.run(
            """
            import unicodedata, itertools
            stable = set(itertools.chain(\(ranges)))
            bad = []
            for c in range(0x110000):
                d = unicodedata.decomposition(chr(c))
                if d and not d.startswith('<') and len(d.split()) == 2 and int(d.split()[1], 16) in stable:
                    bad.append(hex(c))
            print(' '.join(bad) or 'none')
            """)
        #expect(String(decoding: output, as: UTF8.self) == "none\n")
    }

    @Test func normalisesWhatTheFastCheckRejects() {
        let cases: [(String, String)] = [
            ("Ha\u{300}", "H\u{E0}"), ("\u{1B0}\u{1A1}\u{300}ng", "\u{1B0}\u{1EDD}ng"),
            ("Nghe\u{323}\u{302}", "Ngh\u{1EC7}"), ("\u{2126}", "\u{3A9}"), ("Hà Tĩnh", "Hà Tĩnh"), ("€ ₫ – “x”", "€ ₫ – “x”"),
        ]
        for (input, expected) in cases {
            let bytes = Array(input.utf8)
            let output = bytes.withUnsafeBufferPointer { NFCField.string($0, isASCII: false) }
            #expect(Array(output.utf8) == Array(expected.utf8), "\(input.debugDescription)")
        }
        #expect(Self.isCertainlyNFC("Hà Tĩnh, Phường Thành Sen; Nghệ An – 5 ₫"))
        #expect(!Self.isCertainlyNFC("Ha\u{300}"))
        #expect(!Self.isCertainlyNFC("😀"))
    }

    @Test func agreesWithFoundationOnGeneratedText() {
        // Letters, Vietnamese marks in any order and number, and things the fast paths refuse.
        let pieces: [String] = [
            "a", "e", "o", "u", "y", "i", "A", "E", "O", "U", "d", "D", "q", " ", ",", "1",
            "\u{E2}", "\u{EA}", "\u{F4}", "\u{103}", "\u{1A1}", "\u{1B0}", "\u{110}", "\u{111}", "\u{1EA1}", "\u{1EC7}",
            "\u{300}", "\u{301}", "\u{302}", "\u{303}", "\u{306}", "\u{309}", "\u{31B}", "\u{323}",
            "\u{304}", "\u{327}", "\u{2013}", "\u{20AB}", "\u{3A9}", "\u{2126}", "\u{1F600}", "\u{1100}", "\u{1161}",
        ]
        var random = SplitMix64(seed: 1258)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { NFCField.string($0, isASCII: false) }
            let expected = text.precomposedStringWithCanonicalMapping
            #expect(Array(fast.utf8) == Array(expected.utf8), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func tableCoversVietnamese() {
        // Every Vietnamese vowel with every tone, from letter + marks in canonical (NFD) order and
        // in the order Windows-1258 writes them (precomposed base, then the tone mark).
        let vowels = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]
        for vowel in vowels {
            for tone in tones {
                let expected = (String(vowel) + tone).precomposedStringWithCanonicalMapping
                for input in [String(vowel) + tone, (String(vowel) + tone).decomposedStringWithCanonicalMapping] {
                    let composed = Array(input.utf8).withUnsafeBufferPointer { NFCField.composedWithTable($0) }
                    #expect(composed.map { Array($0.utf8) } == Array(expected.utf8), "\(input.debugDescription)")
                }
            }
        }
    }
}
