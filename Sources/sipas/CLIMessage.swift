import SIPASCore
import SIPASFiles
import SIPASStore

/// An error already worded for the command line.
struct CLIMessage: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
