import Foundation
import SIPASCore

/// How a report's JSON is laid out.
public enum ReportJSONStyle: Sendable {
    /// What `sipas report --format json` writes: `JSONEncoder` with
    /// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`.
    case pretty
    /// What the API and the kept monthly reports serve: `JSONEncoder` with
    /// `[.sortedKeys, .withoutEscapingSlashes]`.
    case compact
}
