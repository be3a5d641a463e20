/// Byte-level UTF-8 checks used by encoding detection and by the UTF-8 transcoder.
enum UTF8Validation {
    /// The outcome of checking a run of bytes.
    struct Outcome {
        /// Bytes before this index are valid UTF-8 made of complete sequences.
        var validEnd: Int
        /// Set when the bytes at `validEnd` are invalid; nil when everything is valid or the
        /// bytes from `validEnd` on are an incomplete (but so far valid) final sequence.
        var invalidBytes: [UInt8]?
    }

    /// Index of the first byte ≥ 0x80 at or after `start`, or `bytes.count` if there is none.
    static func firstNonASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
        }
        while index < count && bytes[index] < 0x80 { index += 1 }
        return index
    }

    /// Checks `bytes` for well-formed UTF-8 (Unicode Table 3-7: no overlong forms, surrogates or
    /// values above U+10FFFF). With `isLast`, an incomplete final sequence is invalid; without, it
    /// is left for the caller to complete with the next chunk.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, isLast: Bool) -> Outcome {
        let count = bytes.count
        var index = 0
        while true {
            index = firstNonASCII(in: bytes, from: index)
            if index == count { return Outcome(validEnd: count, invalidBytes: nil) }
            let lead = bytes[index]
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            let continuationCount: Int
            switch lead {
            case 0xC2...0xDF: continuationCount = 1
            case 0xE0:
                continuationCount = 2
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
            case 0xED:
                continuationCount = 2
                high = 0x9F
            case 0xF0:
                continuationCount = 3
                low = 0x90
            case 0xF1...0xF3: continuationCount = 3
            case 0xF4:
                continuationCount = 3
                high = 0x8F
            default: return Outcome(validEnd: index, invalidBytes: [lead])
            }
            for offset in 1...continuationCount {
                guard index + offset < count else {
                    let tail = Array(bytes[index..<count])
                    return Outcome(validEnd: index, invalidBytes: isLast ? tail : nil)
                }
                let byte = bytes[index + offset]
                if byte < low || byte > high {
                    return Outcome(validEnd: index, invalidBytes: Array(bytes[index...(index + offset)]))
                }
                low = 0x80
                high = 0xBF
            }
            index += continuationCount + 1
        }
    }
}
