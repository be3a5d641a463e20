import Foundation

/// The report of one period: the documented, stable JSON of `sipas report`
/// (schema: `report.schema.json`).
///
/// Indices are in percent (0–100) and unrounded; a value that cannot be computed (nobody
/// answered, no reference, no rank) is JSON `null`, never 0 and never omitted. Every key is
/// always written: the types below encode optionals explicitly as `null`.
public struct Report: Codable, Sendable, Equatable {
    /// The survey code (e.g. `sipas-2017`).
    public var survey: String
    public var surveyVersion: Int
    /// The period as given: `2021-03`, `2021-Q1`, `2021` or a range `2021-01..2021-06`.
    public var period: String
    /// The target the verdicts are against, in percent.
    public var target: Double
    public var method: Method
    /// The pooled unit the units are compared with (the province), or nil.
    public var reference: UnitResult?
    public var units: [UnitResult]
    /// Old units whose counts could not follow the boundaries (they are in no unit).
    public var unmappedUnits: [String]
    /// Element or item codes of the survey that have no earlier series to continue.
    public var unmappedSeries: [String]
    /// Who had to report for the period and who did, on time or late (the reporting
    /// completeness of SIPAS.md's monthly report), or nil: reports of one month or one quarter
    /// carry it, reports of a year or of a span of periods do not. Absent (nil) when decoding
    /// a report written before reports carried it.
    public var completeness: Completeness?
    /// Each unit's index per channel, in the order of `units`, when asked for
    /// (`--by-channel`); nil otherwise.
    public var channels: [UnitChannels]?
    /// How many flagged questionnaires (public answers posted too fast or in a burst) the
    /// counts leave out, when asked to (`--exclude-flagged`); nil when they are counted.
    public var excludedFlagged: Int?

    public init(
        survey: String, surveyVersion: Int, period: String, target: Double, method: Method, reference: UnitResult?,
        units: [UnitResult], unmappedUnits: [String], unmappedSeries: [String], completeness: Completeness? = nil,
        channels: [UnitChannels]? = nil, excludedFlagged: Int? = nil
    ) {
        self.survey = survey
        self.surveyVersion = surveyVersion
        self.period = period
        self.target = target
        self.method = method
        self.reference = reference
        self.units = units
        self.unmappedUnits = unmappedUnits
        self.unmappedSeries = unmappedSeries
        self.completeness = completeness
        self.channels = channels
        self.excludedFlagged = excludedFlagged
    }

    enum CodingKeys: String, CodingKey {
        case survey, period, target, method, reference, units, completeness, channels
        case excludedFlagged = "excluded_flagged"
        case surveyVersion = "survey_version"
        case unmappedUnits = "unmapped_units"
        case unmappedSeries = "unmapped_series"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(survey, forKey: .survey)
        try c.encode(surveyVersion, forKey: .surveyVersion)
        try c.encode(period, forKey: .period)
        try c.encode(target, forKey: .target)
        try c.encode(method, forKey: .method)
        try c.encodeOrNull(reference, forKey: .reference)
        try c.encode(units, forKey: .units)
        try c.encode(unmappedUnits, forKey: .unmappedUnits)
        try c.encode(unmappedSeries, forKey: .unmappedSeries)
        try c.encodeOrNull(completeness, forKey: .completeness)
        try c.encodeOrNull(channels, forKey: .channels)
        try c.encodeOrNull(excludedFlagged, forKey: .excludedFlagged)
    }

    // The fast JSON writer (`jsonBytes(_:)`, `writeJSON`) is in SIPASFiles
    // (Reports/JSON); tests check that it writes exactly what this encoding writes.
}

extension KeyedEncodingContainer {
    /// Writes the value, or JSON `null` when it is nil — never omits the key.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Writes a number, or `null` when it is nil or not finite (JSON has no NaN or infinity).
    mutating func encodeOrNull(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
