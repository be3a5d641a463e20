/// A problem reading a delimited-text file, with the file and, where known, the line.
public struct DelimitedTextError: Error, Sendable, CustomStringConvertible {
    /// The file's path.
    public var file: String
    /// The 1-based line the problem is on, or nil when it concerns the whole file.
    public var line: Int?
    /// What was found and what was expected, in a sentence a clerk could act on.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// "FILE, line N: message", or "FILE: message" without a line.
    public var description: String {
        if let line { return "\(file), line \(line): \(message)" }
        return "\(file): \(message)"
    }
}
