import SIPASCore

/// Converts successive chunks of a file's bytes to UTF-8, carrying a character split between two
/// chunks over to the next one, so chunk boundaries never change the result.
///
/// On invalid input the valid prefix is appended and a message is returned; the caller must then
/// stop feeding the transcoder. The message depends only on the bytes, never on the chunking.
struct Transcoder {
    let encoding: TextEncoding
    /// Bytes of an incomplete character at the end of the previous chunk.
    private var carry: [UInt8] = []

    /// What to ask for differently after the last problem, when naming another encoding helps.
    private(set) var remedy: Remedy?

    init(encoding: TextEncoding) {
        self.encoding = encoding
    }

    /// Appends the UTF-8 form of `input` to `output`; returns a message if `input` is invalid.
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> String? {
        if carry.isEmpty { return convert(input, isLast: false, into: &output) }
        let joined = carry + input
        carry = []
        return joined.withUnsafeBufferPointer { convert($0, isLast: false, into: &output) }
    }

    /// Call at end of file: returns a message if the file ends inside a character.
    mutating func finish(into output: inout [UInt8]) -> String? {
        guard !carry.isEmpty else { return nil }
        let rest = carry
        carry = []
        return rest.withUnsafeBufferPointer { convert($0, isLast: true, into: &output) }
    }

    private mutating func convert(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> String? {
        switch encoding {
        case .utf8: return convertUTF8(input, isLast: isLast, into: &output)
        case .utf16LE: return convertUTF16(input, bigEndian: false, isLast: isLast, into: &output)
        case .utf16BE: return convertUTF16(input, bigEndian: true, isLast: isLast, into: &output)
        case .windows1258: return convertWindows1258(input, into: &output)
        }
    }

    private mutating func convertUTF8(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> String? {
        let outcome = UTF8Validation.check(input, isLast: isLast)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[..<outcome.validEnd]))
        if let bytes = outcome.invalidBytes {
            remedy = .nameEncoding("windows-1258")
            return "the file is not valid UTF-8 here (bytes \(hex(bytes)))"
        }
        if outcome.validEnd < input.count { carry = Array(input[outcome.validEnd...]) }
        return nil
    }

    private mutating func convertUTF16(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool, isLast: Bool, into output: inout [UInt8])
        -> String?
    {
        let count = input.count
        output.reserveCapacity(output.count + count / 2 * 3 + 4)
        func unit(_ index: Int) -> UInt32 {
            let first = UInt32(input[index])
            let second = UInt32(input[index + 1])
            return bigEndian ? first << 8 | second : second << 8 | first
        }
        var index = 0
        while index + 1 < count {
            let value = unit(index)
            if value < 0x80 {
                output.append(UInt8(value))
                index += 2
            } else if value & 0xFC00 == 0xD800 {
                guard index + 3 < count else { break }
                let low = unit(index + 2)
                guard low & 0xFC00 == 0xDC00 else { return unpairedSurrogate(value) }
                appendUTF8(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00), to: &output)
                index += 4
            } else if value & 0xFC00 == 0xDC00 {
                return unpairedSurrogate(value)
            } else {
                appendUTF8(value, to: &output)
                index += 2
            }
        }
        guard index < count else { return nil }
        if isLast { return "the file ends in the middle of a UTF-16 character; it may be cut short" }
        carry = Array(input[index...])
        return nil
    }

    private mutating func convertWindows1258(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> String? {
        output.reserveCapacity(output.count + input.count * 3)
        return Windows1258.utf8Table.withUnsafeBufferPointer { table in
            for byte in input {
                if byte < 0x80 {
                    output.append(byte)
                    continue
                }
                let entry = (Int(byte) - 0x80) * 4
                let length = Int(table[entry])
                if length == 0 {
                    remedy = .nameEncoding("utf-8")
                    return "byte \(hex([byte])) is not a character in Windows-1258"
                }
                for offset in 1...length { output.append(table[entry + offset]) }
            }
            return nil
        }
    }

    private func unpairedSurrogate(_ value: UInt32) -> String {
        "the file is not valid UTF-16 here (unpaired surrogate \(hex16(value))); it may be damaged"
    }

    private func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        if value < 0x80 {
            output.append(UInt8(value))
        } else if value < 0x800 {
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        } else if value < 0x10000 {
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        } else {
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}

/// "0xC3 0x28" for the bytes [0xC3, 0x28].
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }.joined(separator: " ")
}

/// "0xD83D" for a UTF-16 code unit.
private func hex16(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
