import SIPASCore

/// A problem reading a delimited-text file, with the file and, where known, the line.
public struct DelimitedTextError: Error, Sendable, CustomStringConvertible {
    /// The file's path.
    public var file: String
    /// The 1-based line the problem is on, or nil when it concerns the whole file.
    public var line: Int?
    /// What was found and what was expected, in a sentence a clerk could act on.
    public var message: String
    /// What to ask for differently (another encoding), worded by each front end.
    public var remedy: Remedy?

    /// Creates an error.
    public init(file: String, line: Int?, message: String, remedy: Remedy? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.remedy = remedy
    }

    /// "FILE, line N: message", or "FILE: message" without a line.
    public var description: String {
        let text = remedy.map { message + "; " + PlainRemedyWording().text($0) } ?? message
        if let line { return "\(file), line \(line): \(text)" }
        return "\(file): \(text)"
    }

    /// The error as a problem of `file` (its name as shown).
    public func problem(file shown: String) -> FileProblem {
        FileProblem(file: shown, line: line, message: message, remedy: remedy)
    }
}
