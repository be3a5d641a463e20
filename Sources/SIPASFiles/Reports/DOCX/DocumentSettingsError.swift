import Foundation
import SIPASCore
import Yams

/// A settings file that cannot be used, said so a clerk can fix it.
public struct DocumentSettingsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
