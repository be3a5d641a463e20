import Foundation

extension Report {
    /// The shares of an observation, expectation or profile item.
    public struct Observation: Codable, Sendable, Equatable {
        public var code: String
        public var group: ItemGroup
        /// Respondents who answered the item (the base of the percentages).
        public var answered: Int
        public var options: [Option]

        public init(code: String, group: ItemGroup, answered: Int, options: [Option]) {
            self.code = code
            self.group = group
            self.answered = answered
            self.options = options
        }

        public init(_ observation: ObservationResult) {
            self.init(
                code: observation.code, group: observation.group, answered: observation.answered,
                options: observation.options.map { Option(code: $0.code, count: $0.count, percent: $0.percent) })
        }

        /// One option: how many chose it and their percentage (nil when nobody answered).
        public struct Option: Codable, Sendable, Equatable {
            public var code: String
            public var count: Int
            public var percent: Double?

            public init(code: String, count: Int, percent: Double?) {
                self.code = code
                self.count = count
                self.percent = percent
            }

            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(code, forKey: .code)
                try c.encode(count, forKey: .count)
                try c.encodeOrNull(percent, forKey: .percent)
            }
        }
    }
}
