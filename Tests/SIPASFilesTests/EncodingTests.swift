import Foundation
import Testing

@testable import SIPASFiles

@Suite struct EncodingTests {
    /// A tally sheet as a Vietnamese clerk would type it, in one of the ways it gets saved.
    struct Variant: CustomTestStringConvertible, Sendable {
        var encoding: TextEncoding
        var byteOrderMark: Bool
        var testDescription: String { encoding.rawValue + (byteOrderMark ? " with BOM" : "") }
    }

    static let variants = [
        Variant(encoding: .utf8, byteOrderMark: false), Variant(encoding: .utf8, byteOrderMark: true),
        Variant(encoding: .utf16LE, byteOrderMark: true), Variant(encoding: .utf16BE, byteOrderMark: true),
        Variant(encoding: .utf16LE, byteOrderMark: false), Variant(encoding: .utf16BE, byteOrderMark: false),
        Variant(encoding: .windows1258, byteOrderMark: false),
    ]

    static let sheet =
        "Tỉnh;Xã;Số hộ;Ghi chú\r\nHà Tĩnh;Thạch Hà;12;\"Đã kiểm tra; đủ\"\r\n\r\nNghệ An;Vinh;7;\"dòng 1\r\ndòng 2\"\r\nQuảng Trị;Đông Hà;0;\r\n"

    static let sheetRecords = [
        ExactRecord(1, ["Tỉnh", "Xã", "Số hộ", "Ghi chú"]),
        ExactRecord(2, ["Hà Tĩnh", "Thạch Hà", "12", "Đã kiểm tra; đủ"]),
        ExactRecord(4, ["Nghệ An", "Vinh", "7", "dòng 1\r\ndòng 2"]),
        ExactRecord(6, ["Quảng Trị", "Đông Hà", "0", ""]),
    ]

    @Test(arguments: variants)
    func detectsAndDecodes(variant: Variant) throws {
        let bytes = encode(Self.sheet, as: variant.encoding, byteOrderMark: variant.byteOrderMark)
        let outcome = try read(bytes)
        #expect(outcome.encoding == variant.encoding)
        #expect(outcome.delimiter == ";")
        #expect(outcome.errorMessage == nil)
        #expect(outcome.records == Self.sheetRecords)
    }

    @Test(arguments: variants)
    func decodesWhenGiven(variant: Variant) throws {
        let bytes = encode(Self.sheet, as: variant.encoding, byteOrderMark: variant.byteOrderMark)
        for chunkSize in [1, 2, 3, 7, 1 << 20] {
            let outcome = try read(bytes, encoding: variant.encoding, delimiter: ";", chunkSize: chunkSize)
            #expect(outcome.encoding == variant.encoding)
            #expect(outcome.records == Self.sheetRecords, "chunk size \(chunkSize)")
        }
    }

    @Test func nfdUTF8BecomesNFC() throws {
        let decomposed = "Ha\u{300} Ti\u{303}nh,Nghe\u{323}\u{302} An\n"
        let outcome = try read(decomposed)
        #expect(outcome.records == [ExactRecord(1, ["H\u{E0} T\u{129}nh", "Ngh\u{1EC7} An"])])
    }

    @Test func surrogatePairsInUTF16() throws {
        let text = "a,😀\n𝄞,\"x😀y\"\n"
        for variant in Self.variants where variant.encoding.isUTF16 {
            let bytes = encode(text, as: variant.encoding, byteOrderMark: variant.byteOrderMark)
            for chunkSize in 1...9 {
                let outcome = try read(bytes, encoding: variant.encoding, chunkSize: chunkSize)
                #expect(outcome.records == [ExactRecord(1, ["a", "😀"]), ExactRecord(2, ["𝄞", "x😀y"])])
            }
        }
    }

    @Test func byteOrderMarkDecidesUTF16ByteOrder() throws {
        // "utf-16" on the command line means LE unless the file's BOM says otherwise.
        let bytes = encode("a,b\n", as: .utf16BE, byteOrderMark: true)
        let outcome = try read(bytes, encoding: TextEncoding(name: "utf-16"))
        #expect(outcome.encoding == .utf16BE)
        #expect(outcome.records == [ExactRecord(1, ["a", "b"])])
    }

    @Test func givenUTF8SkipsItsByteOrderMark() throws {
        let outcome = try read(encode("x,y\n", as: .utf8, byteOrderMark: true), encoding: .utf8)
        #expect(outcome.records == [ExactRecord(1, ["x", "y"])])
    }

    @Test func invalidUTF8IsAnErrorNamingTheLine() throws {
        let bytes = Array("a,b\n\"c\nd\",e\nf,g".utf8) + [0xC3, 0x28] + Array("\nh\n".utf8)
        for chunkSize in [1, 2, 5, 1 << 20] {
            let outcome = try read(bytes, encoding: .utf8, chunkSize: chunkSize)
            #expect(outcome.records == [ExactRecord(1, ["a", "b"]), ExactRecord(2, ["c\nd", "e"])])
            #expect(outcome.errorLine == 4)
            #expect(outcome.errorMessage?.hasPrefix("the file is not valid UTF-8 here (bytes 0xC3 0x28)") == true)
        }
    }

    @Test func truncatedUTF8AtEndOfFile() throws {
        let bytes = Array("a,b\nc,".utf8) + [0xE1, 0xBB]
        let outcome = try read(bytes, encoding: .utf8, chunkSize: 1)
        #expect(outcome.records == [ExactRecord(1, ["a", "b"])])
        #expect(outcome.errorLine == 2)
        #expect(outcome.errorMessage?.contains("0xE1 0xBB") == true)
    }

    @Test func unpairedSurrogateIsAnErrorNamingTheLine() throws {
        var bytes = encode("a\nb", as: .utf16LE, byteOrderMark: true)
        bytes += [0x3D, 0xD8] + encode("c\n", as: .utf16LE)
        let outcome = try read(bytes, chunkSize: 3)
        #expect(outcome.encoding == .utf16LE)
        #expect(outcome.records == [ExactRecord(1, ["a"])])
        #expect(outcome.errorLine == 2)
        #expect(outcome.errorMessage?.contains("unpaired surrogate 0xD83D") == true)
    }

    @Test func oddUTF16ByteCount() throws {
        let bytes = encode("a,b\nc", as: .utf16BE, byteOrderMark: true) + [0x00]
        let outcome = try read(bytes)
        #expect(outcome.records == [ExactRecord(1, ["a", "b"])])
        #expect(outcome.errorLine == 2)
        #expect(outcome.errorMessage?.contains("ends in the middle of a UTF-16 character") == true)
    }

    @Test func asciiIsUTF8() throws {
        let outcome = try read(Array("a,b\n".utf8))
        #expect(outcome.encoding == .utf8)
    }

    @Test func emptyFile() throws {
        let outcome = try read([UInt8]())
        #expect(outcome.encoding == .utf8)
        #expect(outcome.delimiter == ",")
        #expect(outcome.records.isEmpty)
        #expect(outcome.errorMessage == nil)
    }
}
