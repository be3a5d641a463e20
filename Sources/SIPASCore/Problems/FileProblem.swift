/// One problem found in an input file, located as precisely as the format allows.
public struct FileProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    /// What was found (and what was expected), without what to ask for differently.
    public var message: String
    /// What to ask for differently, when that is the way out; each front end words it.
    public var remedy: Remedy?

    public init(file: String, line: Int?, column: String? = nil, message: String, remedy: Remedy? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = Self.shortened(message)
        self.remedy = remedy
    }

    /// The message with its remedy said by `wording`.
    public func message(_ wording: some RemedyWording) -> String {
        guard let remedy else { return message }
        return message + "; " + wording.text(remedy)
    }

    /// The problem with its remedy folded into the message by `wording` (for a front end that
    /// shows or keeps messages only).
    public func worded(_ wording: some RemedyWording) -> FileProblem {
        FileProblem(file: file, line: line, column: column, message: message(wording))
    }

    /// Messages quote what the file holds: a 500 KB cell would make a 500 KB message. Keeps
    /// the start and the end (where "expected …" is) of a message longer than 600 characters.
    static func shortened(_ message: String) -> String {
        guard message.utf8.count > 600, message.count > 600 else { return message }
        let cut = message.count - 500
        return String(message.prefix(400)) + " … (\(cut) characters left out) … " + String(message.suffix(100))
    }

    public var description: String { description(PlainRemedyWording()) }

    /// "FILE, line N, column C: message", the remedy said by `wording`.
    public func description(_ wording: some RemedyWording) -> String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(message(wording))"
    }
}
