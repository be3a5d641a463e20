import Foundation
import SIPASCore

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
    public func writeJSON(_ style: ReportJSONStyle = .pretty, chunkSize: Int = 1 << 20, to sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
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
