import Foundation

/// The share choosing each option of an observation, expectation or profile item, over the
/// respondents who answered it.
public struct ObservationResult: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public var code: String
        public var count: Int
        public var percent: Double?
    }

    public var code: String
    public var group: ItemGroup
    public var answered: Int
    public var options: [Option]
}
