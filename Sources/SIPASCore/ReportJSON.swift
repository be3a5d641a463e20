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
    public func jsonBytes(_ style: ReportJSONStyle = .pretty) throws -> [UInt8] {
        var w = JSONByteWriter(pretty: style == .pretty)
        // A unit takes about 16 kB pretty-printed, 7 kB compact.
        w.bytes.reserveCapacity((units.count + 1) * (style == .pretty ? 16_384 : 8_192) + 4096)
        try w.write(self)
        return w.bytes
    }

    /// The report as pretty-printed JSON with sorted keys (see `jsonBytes(_:)`).
    public func jsonData() throws -> Data {
        Data(try jsonBytes(.pretty))
    }
}

/// Writes JSON into a byte array the way swift-foundation's `JSONWriter` does: with
/// `pretty`, a newline and two spaces per level before every member and element, `" : "`
/// after keys, and an empty container as `[\n\n<indent>]`; without, no whitespace at all.
/// Strings are escaped as `JSONEncoder` escapes them (`"`, `\`, `\b \f \n \r \t`, other
/// control characters as `\u00XX` in lower case; `/` and non-ASCII text as is); numbers are
/// written as `description` gives them, without a trailing `.0`.
struct JSONByteWriter {
    var bytes: [UInt8] = []
    let pretty: Bool
    /// The nesting depth of the container being written.
    private var depth = 0
    /// Whether nothing has been written yet in the container being written.
    private var isEmpty = true

    init(pretty: Bool) {
        self.pretty = pretty
    }

    // MARK: containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        isEmpty = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty {
            if isEmpty { bytes.append(UInt8(ascii: "\n")) }
            newline()
        }
        bytes.append(bracket)
        // The container just closed is a value of its parent, which is therefore not empty.
        isEmpty = false
    }

    /// Before each member of an object or element of an array.
    mutating func separator() {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        if pretty { newline() }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        var n = 2 * depth
        while n > 0 {
            let k = min(n, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<k])
            n -= k
        }
    }

    /// A member's key: a plain ASCII name that needs no escaping.
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw(pretty ? "\" : " : "\":")
    }

    // MARK: values

    /// Text written as it is.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        // At most 20 digits; written backwards into a small buffer, then copied.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            while magnitude > 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
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
        var text = value.description
        text.withUTF8 { utf8 in
            // The text is ASCII: its last two bytes are its last two characters.
            var end = utf8.count
            if end >= 2, utf8[end - 2] == UInt8(ascii: "."), utf8[end - 1] == UInt8(ascii: "0") { end -= 2 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<end]))
        }
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
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if i > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                start = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if utf8.count > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
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
    mutating func write(_ report: Report) throws {
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
