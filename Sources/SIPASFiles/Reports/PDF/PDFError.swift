import Foundation

/// A PDF that cannot be printed: which program is missing or what it said.
public struct PDFError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
