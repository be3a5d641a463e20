/// One problem found in an input file, located as precisely as the format allows.
public struct FileProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int?, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = Self.shortened(message)
    }

    /// Messages quote what the file holds: a 500 KB cell would make a 500 KB message. Keeps
    /// the start and the end (where "expected …" is) of a message longer than 600 characters.
    static func shortened(_ message: String) -> String {
        guard message.utf8.count > 600, message.count > 600 else { return message }
        let cut = message.count - 500
        return String(message.prefix(400)) + " … (\(cut) characters left out) … " + String(message.suffix(100))
    }

    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(message)"
    }
}
