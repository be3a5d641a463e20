import Foundation

/// Guesses a file's encoding from its first bytes.
enum EncodingDetection {
    /// How many leading bytes are looked at for a byte-order mark and UTF-16.
    static let sampleSize = 4096

    /// The encoding a byte-order mark at the start of `sample` names, and the mark's length.
    static func byteOrderMark(_ sample: [UInt8]) -> (encoding: TextEncoding, length: Int)? {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if sample.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if sample.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// UTF-16 without a byte-order mark: text files have no NUL bytes, except that mostly-ASCII
    /// UTF-16 has one in every other position (odd positions for LE, even ones for BE). Requires
    /// NULs in at least half of those positions, and at most a quarter as many in the others
    /// (U+0300, a combining grave in NFD Vietnamese, is "00 03" in LE).
    static func utf16WithoutByteOrderMark(_ sample: [UInt8]) -> TextEncoding? {
        let units = sample.count / 2
        guard units > 0 else { return nil }
        var evenNULs = 0
        var oddNULs = 0
        for index in 0..<(units * 2) where sample[index] == 0 {
            if index % 2 == 0 { evenNULs += 1 } else { oddNULs += 1 }
        }
        if oddNULs * 2 >= units && evenNULs * 4 <= oddNULs { return .utf16LE }
        if evenNULs * 2 >= units && oddNULs * 4 <= evenNULs { return .utf16BE }
        return nil
    }

    /// How far ahead to look for a first non-ASCII byte; a file that is ASCII that far is UTF-8.
    static let lookAheadLimit = 16 << 20

    /// UTF-8 or Windows-1258, decided by the first non-ASCII bytes of the file: up to 4 KiB from
    /// the first byte ≥ 0x80 must be valid UTF-8. Reads ahead of `sample` (the file's first bytes,
    /// already read) while the file is ASCII, in blocks it does not keep, up to
    /// ``lookAheadLimit``, and leaves `handle` where it was.
    static func utf8OrWindows1258(sample: [UInt8], handle: FileHandle) throws -> TextEncoding {
        var window: [UInt8] = []
        var found = false
        // Adds a block of file bytes; returns true once the window is full.
        func take(_ block: [UInt8]) -> Bool {
            if !found {
                let start = block.withUnsafeBufferPointer { UTF8Validation.firstNonASCII(in: $0) }
                guard start < block.count else { return false }
                found = true
                window.append(contentsOf: block[start...])
            } else {
                window.append(contentsOf: block)
            }
            return window.count >= sampleSize
        }

        var full = take(sample)
        var atEnd = sample.count < sampleSize
        var readAhead = 0
        while !full && !atEnd && (found || readAhead < lookAheadLimit) {
            guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else {
                atEnd = true
                break
            }
            readAhead += data.count
            full = take([UInt8](data))
        }
        if readAhead > 0 { try handle.seek(toOffset: UInt64(sample.count)) }
        guard found else { return .utf8 }
        let outcome = window.withUnsafeBufferPointer { UTF8Validation.check($0, isLast: atEnd && !full) }
        return outcome.invalidBytes == nil ? .utf8 : .windows1258
    }
}
