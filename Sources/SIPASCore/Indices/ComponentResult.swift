import Foundation

public struct ComponentResult: Sendable, Equatable {
    public var code: String
    public var estimate: IndexEstimate
}
