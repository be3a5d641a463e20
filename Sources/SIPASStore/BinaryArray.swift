import NIOCore
import PostgresNIO

enum BinaryArray {
    /// The elements of a one-dimensional array of fixed-width integers, as their bits
    /// (sign-extended). Header: dimensions, a has-nulls flag, the element type; per dimension
    /// its length and lower bound; then per element its byte length and its big-endian value.
    /// NULL elements, other dimensions, other types and the text format are refused.
    static func elements(
        of buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        expected: PostgresDataType, element elementType: PostgresDataType, width: Int
    ) throws -> [UInt64] {
        guard format == .binary, type == expected else { throw PostgresDecodingError.Code.typeMismatch }
        return try buffer.withUnsafeReadableBytes { bytes -> [UInt64] in
            func int32(_ at: Int) -> Int32? {
                guard at + 4 <= bytes.count else { return nil }
                return Int32(
                    bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3]))
            }
            guard let dimensions = int32(0), int32(4) != nil, let oid = int32(8), UInt32(bitPattern: oid) == elementType.rawValue else {
                throw PostgresDecodingError.Code.failure
            }
            if dimensions == 0 { return [] }
            guard dimensions == 1, let count = int32(12), count >= 0, int32(16) != nil,
                bytes.count == 20 + Int(count) * (4 + width)
            else {
                throw PostgresDecodingError.Code.failure
            }
            var result = [UInt64](repeating: 0, count: Int(count))
            var at = 20
            for i in 0..<Int(count) {
                guard int32(at) == Int32(width) else { throw PostgresDecodingError.Code.failure }  // NULL, or a wrong length
                at += 4
                var value: UInt64 = 0
                for k in 0..<width { value = value << 8 | UInt64(bytes[at + k]) }
                // Sign-extend from `width` bytes.
                let shift = UInt64(64 - 8 * width)
                result[i] = UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
                at += width
            }
            return result
        }
    }
}
