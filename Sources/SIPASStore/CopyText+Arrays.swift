import NIOCore

extension CopyText {
    /// An integer array literal (`bigint[]`, `smallint[]`): {12,0,3}.
    mutating func integerArray<T: BinaryInteger>(_ values: [T]) {
        buffer.writeInteger(UInt8(ascii: "{"))
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeString(String(v))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }
}
