import NIOCore

/// Builds rows of PostgreSQL's COPY text format into a buffer: tab-separated columns, `\N`
/// for NULL, and backslash, tab, newline and carriage return escaped.
struct CopyText {
    var buffer: ByteBuffer

    init(capacity: Int = 1 << 16) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func text(_ value: String?) {
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        // Most values need no escaping: write them whole.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            buffer.writeString(value)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    mutating func int(_ value: Int) {
        buffer.writeString(String(value))
    }

    /// A `smallint[]` literal: {1,0,5}.
    mutating func smallintArray(_ values: [Int16]) {
        buffer.writeInteger(UInt8(ascii: "{"))
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeString(String(v))
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    mutating func tab() { buffer.writeInteger(UInt8(ascii: "\t")) }
    mutating func endRow() { buffer.writeInteger(UInt8(ascii: "\n")) }

    /// Hands the filled buffer over and starts a new one.
    mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: full.capacity)
        return full
    }
}
