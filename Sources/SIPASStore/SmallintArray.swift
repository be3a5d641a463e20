import NIOCore
import PostgresNIO

/// A one-dimensional `smallint[]` (stored answers) read the same way.
struct SmallintArray: PostgresDecodable, Sendable {
    var values: [Int16]

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        values = try BinaryArray.elements(of: &buffer, type: type, format: format, expected: .int2Array, element: .int2, width: 2)
            .map { Int16(truncatingIfNeeded: Int64(bitPattern: $0)) }
    }
}
