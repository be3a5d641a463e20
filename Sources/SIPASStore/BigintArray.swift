import NIOCore
import PostgresNIO

/// A one-dimensional `bigint[]` read straight from PostgreSQL's binary array format.
/// PostgresNIO's generic `[Int64]` decoding costs a few hundred nanoseconds per element; a
/// national report reads two million of them. (Concrete types, not a generic one: generic
/// code called from PostgresNIO's generic decoding is not specialised and pays for metadata
/// lookups per element.)
struct BigintArray: PostgresDecodable, Sendable {
    var values: [Int64]

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        values = try BinaryArray.elements(of: &buffer, type: type, format: format, expected: .int8Array, element: .int8, width: 8)
            .map { Int64(bitPattern: $0) }
    }
}
