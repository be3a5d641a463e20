import Foundation

/// An input file that cannot be used; lists every problem found, not only the first.
public struct FileProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]

    public init(_ problems: [FileProblem]) { self.problems = problems }

    public var description: String { description(PlainRemedyWording()) }

    /// Every problem (up to `shownInDescription`), remedies said by `wording`.
    public func description(_ wording: some RemedyWording) -> String {
        let head = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        let shown = problems.prefix(Self.shownInDescription).map { "  - \($0.description(wording))" }.joined(separator: "\n")
        let more = problems.count > Self.shownInDescription ? "\n  … and \(problems.count - Self.shownInDescription) more like these" : ""
        return "\(head); nothing was written:\n" + shown + more
    }

    /// How many problems a message lists before it only counts the rest.
    public static let shownInDescription = 100

    /// The same problems with `path` (a temporary copy of a received file) shown as `name`,
    /// in file names and in messages: a server never shows its own paths.
    public func naming(_ path: String, as name: String) -> FileProblems {
        FileProblems(
            problems.map { problem in
                var renamed = problem
                if renamed.file == path || renamed.file.hasPrefix(path) { renamed.file = name + renamed.file.dropFirst(path.count) }
                renamed.message = renamed.message.replacingOccurrences(of: path, with: name)
                return renamed
            })
    }
}
