import Foundation

/// An index in percent (0–100) with its interval and standard error; all nil when nobody
/// answered (an index is never 0 or NaN for lack of data).
public struct IndexEstimate: Sendable, Equatable, Codable {
    public var index: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var standardError: Double?

    public static let none = IndexEstimate(index: nil, ciLow: nil, ciHigh: nil, standardError: nil)

    public init(index: Double?, ciLow: Double?, ciHigh: Double?, standardError: Double?) {
        self.index = index
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.standardError = standardError
    }

    /// A composite estimate: the index with a symmetric interval of ± z·SE, kept in [0, 100].
    public init(composite index: Double?, standardError: Double?, z: Double) {
        self.index = index
        self.standardError = standardError
        if let index, let se = standardError {
            ciLow = max(0, index - z * se)
            ciHigh = min(100, index + z * se)
        } else {
            ciLow = nil
            ciHigh = nil
        }
    }
}
