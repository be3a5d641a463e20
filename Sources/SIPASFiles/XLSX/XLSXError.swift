/// A workbook that cannot be read or written, described in words a clerk can act on, e.g.
/// "the file is not a valid XLSX workbook (not a zip archive)" or
/// "worksheet 'Sheet1' is larger than the 512 MB limit when uncompressed".
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    /// The complete message, without a trailing full stop.
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
