/// One record with the 1-based line it starts on, its fields NFC-normalised (Vietnamese typed in
/// NFD or with combining marks becomes precomposed).
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line of the file on which the record starts (blank, comment and quoted-newline
    /// lines before it are counted).
    public var line: Int
    /// The record's fields, unquoted and NFC-normalised.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
