import NIOCore
import PostgresNIO

/// A one-dimensional `bigint[]` or `smallint[]` read straight from PostgreSQL's binary array
/// format. PostgresNIO's generic `[Int64]` decoding costs a few hundred nanoseconds per
/// element; a national report reads two million of them.
struct IntegerArray<Element: FixedWidthInteger & Sendable>: PostgresDecodable, Sendable {
    var values: [Element]

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let elementType: PostgresDataType
        switch Element.bitWidth {
        case 64: elementType = .int8
        case 16: elementType = .int2
        default: throw PostgresDecodingError.Code.typeMismatch
        }
        guard format == .binary, type == (Element.bitWidth == 64 ? .int8Array : .int2Array) else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        // Header: dimensions, a has-nulls flag, the element type; per dimension its length
        // and lower bound; then per element its byte length and its big-endian value.
        guard let dimensions = buffer.readInteger(as: Int32.self), let _ = buffer.readInteger(as: Int32.self),
              let oid = buffer.readInteger(as: UInt32.self), oid == elementType.rawValue else {
            throw PostgresDecodingError.Code.failure
        }
        if dimensions == 0 {
            values = []
            return
        }
        guard dimensions == 1, let count = buffer.readInteger(as: Int32.self), count >= 0, buffer.readInteger(as: Int32.self) != nil,
              buffer.readableBytes == Int(count) * (4 + Element.bitWidth / 8) else {
            throw PostgresDecodingError.Code.failure
        }
        let width = Int32(Element.bitWidth / 8)
        var values = [Element]()
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard buffer.readInteger(as: Int32.self) == width, let value = buffer.readInteger(as: Element.self) else {
                throw PostgresDecodingError.Code.failure  // a NULL element, or a wrong length
            }
            values.append(value)
        }
        self.values = values
    }
}
