import Foundation
import SIPASCore
import ZIPFoundation

/// A Word report that cannot be written: where, and why.
public struct DOCXError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
