import SIPASCore
import Foundation

/// How a report's JSON is laid out.
public enum ReportJSONStyle: Sendable {
    /// What `sipas report --format json` writes: `JSONEncoder` with
    /// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`.
    case pretty
    /// What the API and the kept monthly reports serve: `JSONEncoder` with
    /// `[.sortedKeys, .withoutEscapingSlashes]`.
    case compact
}

extension Report {
    /// The report as JSON, byte for byte what Foundation's `JSONEncoder` writes for the same
    /// report with sorted keys and unescaped slashes (pretty-printed or compact), but written
    /// directly instead of through an intermediate tree: a national report has millions of
    /// values. Like `JSONEncoder`, throws `EncodingError.invalidValue` for a non-finite
    /// number that must be written (an optional one is written as `null`).
    ///
    /// The keys below are written in the order `.sortedKeys` gives (UTF-8 byte order, so
    /// `ci_high` < `ci_low` < `code`, `par_points` < `parts`); `ReportJSONTests` compares the
    /// output with `JSONEncoder`'s.
    public func jsonData(_ style: ReportJSONStyle = .pretty) throws -> Data {
        // A unit takes about 16 kB pretty-printed, 7 kB compact.
        var w = JSONByteWriter(pretty: style == .pretty, capacity: (units.count + 1) * (style == .pretty ? 16_384 : 8_192) + 4096)
        do {
            try w.write(self)
        } catch {
            w.deallocate()
            throw error
        }
        return w.takeData()
    }

    /// The report as JSON (the bytes of `jsonData(_:)`), handed to `sink` in pieces of about
    /// `chunkSize` bytes as they are written: a national report (150 MB) need not be in memory
    /// at once. Each piece is valid only during the call.
    public func writeJSON(_ style: ReportJSONStyle = .pretty, chunkSize: Int = 1 << 20, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var w = JSONByteWriter(pretty: style == .pretty, capacity: chunkSize + 65_536)
        defer { w.deallocate() }
        try w.write(self) { w in
            if w.count >= chunkSize { try w.drain(into: sink) }
        }
        try w.drain(into: sink)
    }

    /// The report as JSON (see `jsonData(_:)`), as an array of bytes.
    public func jsonBytes(_ style: ReportJSONStyle = .pretty) throws -> [UInt8] {
        Array(try jsonData(style))
    }
}

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
            throw EncodingError.invalidValue(value, EncodingError.Context(
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

// MARK: the report, key by key in sorted order

extension JSONByteWriter {
    /// The report; `afterUnit` is called after each unit (to drain the buffer when writing
    /// in pieces).
    mutating func write(_ report: Report, afterUnit: (inout JSONByteWriter) throws -> Void = { _ in }) throws {
        beginObject()
        key("method"); try write(report.method)
        key("period"); string(report.period)
        key("reference")
        if let reference = report.reference { try write(reference) } else { null() }
        key("survey"); string(report.survey)
        key("survey_version"); int(report.surveyVersion)
        key("target"); try double(report.target)
        key("units")
        beginArray()
        for unit in report.units {
            separator()
            try write(unit)
            try afterUnit(&self)
        }
        endArray()
        key("unmapped_series"); strings(report.unmappedSeries)
        key("unmapped_units"); strings(report.unmappedUnits)
        endObject()
    }

    mutating func write(_ method: Report.Method) throws {
        beginObject()
        key("across_units"); string(method.acrossUnits.rawValue)
        key("boundaries"); string(method.boundaries)
        key("comparison"); string(method.comparison)
        key("confidence"); try double(method.confidence)
        key("element_rule"); string(method.elementRule.rawValue)
        key("interval"); string(method.interval)
        key("min_respondents"); int(method.minRespondents)
        key("overall_rule"); string(method.overallRule.rawValue)
        key("par_weight"); try double(method.parWeight)
        key("satisfied_levels"); ints(method.satisfiedLevels)
        key("scope"); string(method.scope)
        endObject()
    }

    mutating func write(_ unit: Report.UnitResult) throws {
        beginObject()
        key("change"); try write(unit.change)
        key("code"); string(unit.code)
        key("comparison")
        if let comparison = unit.comparison { try write(comparison) } else { null() }
        key("criteria")
        beginArray()
        for criterion in unit.criteria {
            separator()
            beginObject()
            key("ci_high"); doubleOrNull(criterion.ciHigh)
            key("ci_low"); doubleOrNull(criterion.ciLow)
            key("code"); string(criterion.code)
            key("index"); doubleOrNull(criterion.index)
            key("no_answer"); int(criterion.noAnswer)
            key("satisfied"); int(criterion.satisfied)
            key("valid"); int(criterion.valid)
            endObject()
        }
        endArray()
        key("elements"); write(unit.elements)
        key("group"); intOrNull(unit.group)
        key("level"); string(unit.level.rawValue)
        key("name"); string(unit.name)
        key("observations")
        beginArray()
        for observation in unit.observations {
            separator()
            beginObject()
            key("answered"); int(observation.answered)
            key("code"); string(observation.code)
            key("group"); string(observation.group.rawValue)
            key("options")
            beginArray()
            for option in observation.options {
                separator()
                beginObject()
                key("code"); string(option.code)
                key("count"); int(option.count)
                key("percent"); doubleOrNull(option.percent)
                endObject()
            }
            endArray()
            endObject()
        }
        endArray()
        key("overall")
        beginObject()
        key("ci_high"); doubleOrNull(unit.overall.ciHigh)
        key("ci_low"); doubleOrNull(unit.overall.ciLow)
        key("index"); doubleOrNull(unit.overall.index)
        endObject()
        key("par_points"); doubleOrNull(unit.parPoints)
        key("parts"); write(unit.parts)
        key("rank"); intOrNull(unit.rank)
        key("respondents"); int(unit.respondents)
        key("verdict"); string(unit.verdict.rawValue)
        endObject()
    }

    mutating func write(_ components: [Report.Component]) {
        beginArray()
        for component in components {
            separator()
            beginObject()
            key("ci_high"); doubleOrNull(component.ciHigh)
            key("ci_low"); doubleOrNull(component.ciLow)
            key("code"); string(component.code)
            key("index"); doubleOrNull(component.index)
            endObject()
        }
        endArray()
    }

    mutating func write(_ comparison: Report.Comparison) throws {
        beginObject()
        key("difference"); try double(comparison.difference)
        key("p"); try double(comparison.p)
        key("p_adjusted"); try double(comparison.pAdjusted)
        key("standing"); string(comparison.standing.rawValue)
        key("z"); doubleOrNull(comparison.z)
        endObject()
    }

    mutating func write(_ changes: Report.Changes) throws {
        beginObject()
        key("previous")
        if let previous = changes.previous { try write(previous) } else { null() }
        key("year_earlier")
        if let yearEarlier = changes.yearEarlier { try write(yearEarlier) } else { null() }
        endObject()
    }

    mutating func write(_ change: Report.Change) throws {
        beginObject()
        key("difference"); try double(change.difference)
        key("from"); try double(change.from)
        key("p"); try double(change.p)
        key("period"); stringOrNull(change.period)
        key("significant"); bool(change.significant)
        key("to"); try double(change.to)
        endObject()
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
