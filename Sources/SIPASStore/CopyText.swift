import NIOCore

/// Builds rows of PostgreSQL's COPY text format into a buffer: tab-separated columns, `\N`
/// for NULL, and backslash, tab, newline and carriage return escaped.
struct CopyText {
    var buffer: ByteBuffer

    init(capacity: Int = 1 << 16) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func text(_ value: String?) {
        guard var value else {
            buffer.writeStaticString("\\N")
            return
        }
        value.withUTF8 { bytes in
            // Most values need no escaping: write them whole.
            guard
                bytes.contains(where: {
                    $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
                })
            else {
                buffer.writeBytes(UnsafeRawBufferPointer(bytes))
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    mutating func int(_ value: Int) {
        // Decimal digits, as `String(value)` writes them, without making the string.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxIntLength) { digits in
            let count = Self.writeDecimal(Int64(value), into: digits, at: 0)
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: digits[0..<count])))
        }
    }

    /// An integer array literal (`smallint[]`, `bigint[]`): {1,0,5}.
    mutating func integerArray<T: BinaryInteger>(_ values: [T]) {
        // At most 20 characters per value ("-9223372036854775808") and a comma, and the braces.
        let capacity = values.count * 21 + 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { text in
            var count = 0
            text[count] = UInt8(ascii: "{")
            count += 1
            for (i, v) in values.enumerated() {
                if i > 0 {
                    text[count] = UInt8(ascii: ",")
                    count += 1
                }
                count += Self.writeDecimal(Int64(v), into: text, at: count)
            }
            text[count] = UInt8(ascii: "}")
            count += 1
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[0..<count])))
        }
    }

    /// The longest decimal `Int` ("-9223372036854775808").
    static let maxIntLength = 20

    /// Writes `value` in decimal at `start` (as `String(value)` does: a minus sign, no leading
    /// zeros); returns the number of bytes written.
    static func writeDecimal(_ value: Int64, into text: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        if value >= 0 && value < 10 {
            text[start] = UInt8(ascii: "0") + UInt8(value)
            return 1
        }
        var index = start
        if value < 0 {
            text[index] = UInt8(ascii: "-")
            index += 1
        }
        // The magnitude as unsigned, so that Int64.min has one too.
        var rest = value.magnitude
        let first = index
        while true {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            index += 1
            rest /= 10
            if rest == 0 { break }
        }
        // The digits went in from the last one: put them in order.
        var low = first
        var high = index - 1
        while low < high {
            text.swapAt(low, high)
            low += 1
            high -= 1
        }
        return index - start
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
