import Foundation

extension Report {
    /// A unit's overall index against the reference.
    public struct Comparison: Codable, Sendable, Equatable {
        /// Unit minus reference, in percentage points.
        public var difference: Double
        /// Nil only when both standard errors are zero (not possible with Wilson-adjusted errors).
        public var z: Double?
        public var p: Double
        /// Holm-adjusted over the units compared.
        public var pAdjusted: Double
        public var standing: Standing

        public init(difference: Double, z: Double?, p: Double, pAdjusted: Double, standing: Standing) {
            self.difference = difference
            self.z = z
            self.p = p
            self.pAdjusted = pAdjusted
            self.standing = standing
        }

        enum CodingKeys: String, CodingKey {
            case difference, z, p, standing
            case pAdjusted = "p_adjusted"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(difference, forKey: .difference)
            try c.encodeOrNull(z, forKey: .z)
            try c.encode(p, forKey: .p)
            try c.encode(pAdjusted, forKey: .pAdjusted)
            try c.encode(standing, forKey: .standing)
        }
    }

    /// The change of the overall index from an earlier period.
    public struct Change: Codable, Sendable, Equatable {
        /// The earlier period, as given (nil when the caller did not name it).
        public var period: String?
        public var from: Double
        public var to: Double
        public var difference: Double
        /// The raw two-sided p-value of the change.
        public var p: Double
        /// Holm-adjusted over the units of the same level whose change is tested (nil for a
        /// unit left out: too few responses in either period).
        public var pAdjusted: Double?
        /// `pAdjusted` below the significance level.
        public var significant: Bool

        public init(period: String?, from: Double, to: Double, difference: Double, p: Double, pAdjusted: Double? = nil, significant: Bool) {
            self.period = period
            self.from = from
            self.to = to
            self.difference = difference
            self.p = p
            self.pAdjusted = pAdjusted
            self.significant = significant
        }

        enum CodingKeys: String, CodingKey {
            case period, from, to, difference, p, significant
            case pAdjusted = "p_adjusted"
        }

        /// `p_adjusted` may be absent in reports written before it existed.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            period = try c.decodeIfPresent(String.self, forKey: .period)
            from = try c.decode(Double.self, forKey: .from)
            to = try c.decode(Double.self, forKey: .to)
            difference = try c.decode(Double.self, forKey: .difference)
            p = try c.decode(Double.self, forKey: .p)
            pAdjusted = try c.decodeIfPresent(Double.self, forKey: .pAdjusted)
            significant = try c.decode(Bool.self, forKey: .significant)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(period, forKey: .period)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(difference, forKey: .difference)
            try c.encode(p, forKey: .p)
            try c.encodeOrNull(pAdjusted, forKey: .pAdjusted)
            try c.encode(significant, forKey: .significant)
        }
    }

    /// Changes against the previous period and the same period a year earlier.
    public struct Changes: Codable, Sendable, Equatable {
        public var previous: Change?
        public var yearEarlier: Change?

        public init(previous: Change?, yearEarlier: Change?) {
            self.previous = previous
            self.yearEarlier = yearEarlier
        }

        enum CodingKeys: String, CodingKey {
            case previous
            case yearEarlier = "year_earlier"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeOrNull(previous, forKey: .previous)
            try c.encodeOrNull(yearEarlier, forKey: .yearEarlier)
        }
    }
}
