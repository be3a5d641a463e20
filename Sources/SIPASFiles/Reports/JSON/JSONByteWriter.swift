import Foundation
import SIPASCore

/// Writes JSON into a growing block of memory the way swift-foundation's `JSONWriter` does:
/// with `pretty`, a newline and two spaces per level before every member and element,
/// `" : "` after keys, and an empty container as `[\n\n<indent>]`; without, no whitespace at
/// all. Strings are escaped as `JSONEncoder` escapes them (`"`, `\`, `\b \f \n \r \t`, other
/// control characters as `\u00XX` in lower case; `/` and non-ASCII text as is); numbers are
/// written as `description` gives them, without a trailing `.0`.
///
/// The memory is the writer's until `takeData()` hands it to a `Data` (or `deallocate()`
/// frees it): a struct over a raw pointer, so that appending a byte is a store, not an
/// array's uniqueness and capacity checks.
struct JSONByteWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    let pretty: Bool
    /// The nesting depth of the container being written.
    private var depth = 0
    /// Whether nothing has been written yet in the container being written.
    private var isEmpty = true

    init(pretty: Bool, capacity: Int = 4096) {
        self.pretty = pretty
        self.capacity = max(capacity, 64)
        guard let memory = malloc(self.capacity) else { fatalError("out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
    }

    /// The bytes written, handed over without a copy; the writer must not be used again.
    mutating func takeData() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        capacity = 0
        count = 0
        return data
    }

    /// Hands the bytes written so far to `sink` and starts again from an empty buffer.
    mutating func drain(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try sink(UnsafeRawBufferPointer(start: base, count: count))
        count = 0
    }

    /// Frees the memory; the writer must not be used again.
    mutating func deallocate() {
        free(base)
        capacity = 0
        count = 0
    }

    // MARK: memory

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        guard let memory = realloc(base, newCapacity) else { fatalError("out of memory") }
        base = memory.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, buffer.count > 0 else { return }
        reserve(buffer.count)
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    // MARK: containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        append(bracket)
        depth += 1
        isEmpty = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty {
            if isEmpty { append(UInt8(ascii: "\n")) }
            newline()
        }
        append(bracket)
        // The container just closed is a value of its parent, which is therefore not empty.
        isEmpty = false
    }

    /// Before each member of an object or element of an array.
    @inline(__always)
    mutating func separator() {
        if !isEmpty { append(UInt8(ascii: ",")) }
        isEmpty = false
        if pretty { newline() }
    }

    /// A newline and the indentation of the current depth.
    private mutating func newline() {
        let n = 1 + 2 * depth
        reserve(n)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).update(repeating: UInt8(ascii: " "), count: n - 1)
        count += n
    }

    /// A member's key: a plain ASCII name that needs no escaping.
    mutating func key(_ name: StaticString) {
        separator()
        append(UInt8(ascii: "\""))
        raw(name)
        raw(pretty ? "\" : " : "\":")
    }

    // MARK: values

    /// Text written as it is.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func int(_ value: Int) {
        reserve(20)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            base[count] = UInt8(ascii: "0") + UInt8(magnitude)
            count += 1
            return
        }
        // At most 20 digits, written from the end.
        var digits = 0
        var rest = magnitude
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var i = count + digits
        while magnitude > 0 {
            i -= 1
            base[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        count += digits
    }

    /// A finite number as `JSONEncoder` writes it; a non-finite one is an error, as there.
    mutating func double(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [], debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        // Whole numbers well below 2^53 print as integers ("91", "-3"): the same text
        // `description` gives once its ".0" is dropped, without making a string.
        if value == value.rounded(.towardZero), value.magnitude < 1e15, !(value == 0 && value.sign == .minus) {
            int(Int(value))
            return
        }
        // The text of `description`, written straight into the buffer (see `TextOutputStream`
        // below), less a final ".0".
        let start = count
        value.write(to: &self)
        if count - start >= 2, base[count - 2] == UInt8(ascii: "."), base[count - 1] == UInt8(ascii: "0") { count -= 2 }
    }

    /// A number, or `null` when it is nil or not finite (`encodeOrNull`).
    mutating func doubleOrNull(_ value: Double?) {
        if let value, value.isFinite {
            try! double(value)
        } else {
            null()
        }
    }

    mutating func intOrNull(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    mutating func string(_ value: String) {
        append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
                case 0x08: append(UInt8(ascii: "b"))
                case 0x0C: append(UInt8(ascii: "f"))
                case 0x0A: append(UInt8(ascii: "n"))
                case 0x0D: append(UInt8(ascii: "r"))
                case 0x09: append(UInt8(ascii: "t"))
                default:
                    let hex: StaticString = "0123456789abcdef"
                    raw("u00")
                    append(hex.utf8Start[Int(byte >> 4)])
                    append(hex.utf8Start[Int(byte & 0xF)])
                }
            }
            append(UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        append(UInt8(ascii: "\""))
    }

    mutating func stringOrNull(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for value in values {
            separator()
            string(value)
        }
        endArray()
    }

    mutating func ints(_ values: [Int]) {
        beginArray()
        for value in values {
            separator()
            int(value)
        }
        endArray()
    }
}

/// Lets numbers print themselves into the buffer: `Double.write(to:)` writes the text of
/// `description` without making a `String` first.
extension JSONByteWriter: TextOutputStream {
    /// Text written as it is (no quotes, no escaping).
    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// ASCII text written as it is: what the standard library's number printing calls when it
    /// can, instead of `write(_:)` with a new `String`.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        append(buffer)
    }
}
