import Foundation
import SIPASCore

/// Builds field strings in Unicode Normalization Form C.
///
/// Foundation's normalisation costs about a microsecond a field, so two fast paths come first:
/// text already certainly NFC is taken as is, and letters followed by Vietnamese combining marks
/// (Windows-1258 files, NFD text) are composed through a table.
enum NFCField {
    /// The text of valid UTF-8 bytes, NFC-normalised.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if isASCII || isCertainlyNFC(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let composed = composedWithTable(bytes) { return composed }
        return String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping
    }

    /// Appends the text of valid UTF-8 bytes, NFC-normalised, to `cells` as one cell: the bytes
    /// as they are when they are certainly NFC already (ASCII, precomposed Vietnamese), else
    /// the bytes of ``string(_:isASCII:)``.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, to cells: inout RowCells) {
        if isASCII || isCertainlyNFC(bytes) {
            cells.append(bytes)
        } else {
            cells.append(string(bytes, isASCII: false))
        }
    }

    /// The scalars accepted besides ASCII: each is NFC on its own, has combining class 0, and is
    /// never the second part of a canonical decomposition, so text made only of them (and ASCII)
    /// is NFC. Latin-1 Supplement and Latin Extended-A/B from U+00A0, Latin Extended Additional
    /// (ạ…ỹ), dashes and quotes, the dong and euro signs.
    static let stableRanges: [ClosedRange<UInt32>] = [
        0x00A0...0x024F, 0x1E00...0x1EFF, 0x2010...0x2027, 0x20AB...0x20AC,
    ]

    static func isStable(_ value: UInt32) -> Bool {
        value < 0x80 || (0xA0...0x24F).contains(value) || (0x1E00...0x1EFF).contains(value)
            || (0x2010...0x2027).contains(value) || value == 0x20AB || value == 0x20AC
    }

    /// True when valid UTF-8 `bytes` are certainly NFC already: every scalar is ASCII or in
    /// ``stableRanges``. Vietnamese typed precomposed (as Excel saves UTF-8) passes.
    static func isCertainlyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let (value, length) = scalar(in: bytes, at: index)
            guard isStable(value) else { return false }
            index += length
        }
        return true
    }

    /// Combining marks Vietnamese is written with: grave, acute, circumflex, tilde, breve, hook
    /// above, horn, dot below.
    static let vietnameseMarks: [UInt32] = [0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323]

    @inline(__always)
    private static func markIndex(_ value: UInt32) -> Int? {
        switch value {
        case 0x300...0x303: Int(value - 0x300)
        case 0x306: 4
        case 0x309: 5
        case 0x31B: 6
        case 0x323: 7
        default: nil
        }
    }

    /// Dense index of a stable scalar (ASCII, U+00A0–U+024F, U+1E00–U+1EFF), or nil.
    @inline(__always)
    private static func letterIndex(_ value: UInt32) -> Int? {
        switch value {
        case 0..<0x80: Int(value)
        case 0xA0...0x24F: 0x80 + Int(value - 0xA0)
        case 0x1E00...0x1EFF: 0x80 + 0x1B0 + Int(value - 0x1E00)
        default: nil
        }
    }

    private static let letterCount = 0x80 + 0x1B0 + 0x100

    /// NFC of (letter, Vietnamese mark) where that is a single stable scalar, else 0; indexed by
    /// letterIndex * 8 + markIndex and computed once with Foundation (about 6,500 pairs).
    static let compositions: [UInt32] = {
        var table = [UInt32](repeating: 0, count: letterCount * 8)
        let letters =
            (UInt32(0x41)...0x5A).map { $0 } + (UInt32(0x61)...0x7A).map { $0 }
            + Array(UInt32(0xA0)...0x24F) + Array(UInt32(0x1E00)...0x1EFF)
        for letter in letters {
            for mark in vietnameseMarks {
                var pair = String.UnicodeScalarView()
                pair.append(Unicode.Scalar(letter)!)
                pair.append(Unicode.Scalar(mark)!)
                let composed = Array(String(pair).precomposedStringWithCanonicalMapping.unicodeScalars)
                if composed.count == 1, isStable(composed[0].value) {
                    table[letterIndex(letter)! * 8 + markIndex(mark)!] = composed[0].value
                }
            }
        }
        return table
    }()

    /// Composes stable scalars each followed by Vietnamese marks, one mark at a time through
    /// ``compositions``; nil for anything else. Exact: each step replaces a letter and a mark by
    /// NFC(letter + mark), and the result, made only of stable scalars, is NFC.
    static func composedWithTable(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // A letter and a mark take at least 3 bytes and their composition at most 3.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { output in
            compositions.withUnsafeBufferPointer { table in
                var count = 0
                var previous: UInt32 = 0
                var previousStart = -1
                var index = 0
                while index < bytes.count {
                    let (value, length) = scalar(in: bytes, at: index)
                    index += length
                    if isStable(value) {
                        previousStart = count
                        previous = value
                    } else if previousStart >= 0, let letter = letterIndex(previous), let mark = markIndex(value),
                        table[letter * 8 + mark] != 0
                    {
                        previous = table[letter * 8 + mark]
                        count = previousStart
                    } else {
                        return nil
                    }
                    count += encode(previous, into: output, at: count)
                }
                return String(decoding: UnsafeBufferPointer(rebasing: output[0..<count]), as: UTF8.self)
            }
        }
    }

    /// Writes the UTF-8 form of a BMP scalar at `index`; returns its length.
    @inline(__always)
    private static func encode(_ value: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        if value < 0x80 {
            output[index] = UInt8(value)
            return 1
        }
        if value < 0x800 {
            output[index] = UInt8(0xC0 | value >> 6)
            output[index + 1] = UInt8(0x80 | value & 0x3F)
            return 2
        }
        output[index] = UInt8(0xE0 | value >> 12)
        output[index + 1] = UInt8(0x80 | value >> 6 & 0x3F)
        output[index + 2] = UInt8(0x80 | value & 0x3F)
        return 3
    }

    /// The scalar value and length of the valid UTF-8 sequence at `index`.
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return (
            (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F), 4
        )
    }
}
