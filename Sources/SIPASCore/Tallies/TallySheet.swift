/// Where a value was read: the line (row) of the file and the column's name.
public struct CellLocation: Sendable, Hashable {
    public var line: Int
    public var column: String

    public init(line: Int, column: String) {
        self.line = line
        self.column = column
    }
}

/// One count of a tally file as written, before validation: the unit, period, item and
/// option as text, and the count as text (so that "12,5" or "abc" can be reported).
public struct TallyEntry: Sendable, Equatable {
    public var unit: String
    public var period: String
    public var item: String
    public var option: String
    public var count: String
    /// Where each field came from; a template repeats the unit and period of its header block.
    public var unitAt: CellLocation
    public var periodAt: CellLocation
    public var itemAt: CellLocation
    public var optionAt: CellLocation
    public var countAt: CellLocation

    public init(unit: String, period: String, item: String, option: String, count: String,
                unitAt: CellLocation, periodAt: CellLocation, itemAt: CellLocation, optionAt: CellLocation, countAt: CellLocation) {
        self.unit = unit
        self.period = period
        self.item = item
        self.option = option
        self.count = count
        self.unitAt = unitAt
        self.periodAt = periodAt
        self.itemAt = itemAt
        self.optionAt = optionAt
        self.countAt = countAt
    }

    /// The item code of the row that gives the number of questionnaires.
    public static let questionnairesItem = "questionnaires"
}

/// A counted cell of the aggregate: how many answers chose `option` of `item`, for a unit
/// version, a period and a channel ("" when the source does not say, as in tallies).
public struct CountKey: Sendable, Hashable, Comparable {
    public var unitID: Int
    public var period: Period
    public var item: String
    public var option: String
    public var channel: String

    public init(unitID: Int, period: Period, item: String, option: String, channel: String = "") {
        self.unitID = unitID
        self.period = period
        self.item = item
        self.option = option
        self.channel = channel
    }

    public static func < (a: CountKey, b: CountKey) -> Bool {
        (a.unitID, a.period, a.item, a.option, a.channel) < (b.unitID, b.period, b.item, b.option, b.channel)
    }
}

/// What an upload covers: one unit version in one period (a month or a quarter).
public struct UploadScope: Sendable, Hashable, Comparable {
    public var unitID: Int
    public var period: Period

    public init(unitID: Int, period: Period) {
        self.unitID = unitID
        self.period = period
    }

    public static func < (a: UploadScope, b: UploadScope) -> Bool { (a.unitID, a.period) < (b.unitID, b.period) }
}

/// What an import brings to the aggregate, read once while it is written: every (key, count)
/// pair, the units and periods covered, and the number of questionnaires.
public protocol CountCollection: Sendable {
    /// Every count, made as it is read (a large import never holds them all as keys at once).
    func countSequence() -> AnySequence<(key: CountKey, count: Int)>
    var scopes: Set<UploadScope> { get }
    var questionnaireCount: Int { get }
    /// The counts as vectors in a survey's slot layout (`CountVectors.swift` has the general
    /// way; a collection that already counts in slots can hand them over as they are).
    func vectors(in layout: SlotLayout) throws -> [CountVector]
}

extension CountTable: CountCollection {
    public func countSequence() -> AnySequence<(key: CountKey, count: Int)> { AnySequence(counts.lazy.map { (key: $0.key, count: $0.value) }) }
    public var questionnaireCount: Int { counts.lazy.filter { $0.key.item == TallyEntry.questionnairesItem }.map(\.value).reduce(0, +) }
}

/// Counts added up by key. Tallies and questionnaires both end as one of these, and so the
/// same index whichever way the data came.
public struct CountTable: Sendable, Equatable {
    public private(set) var counts: [CountKey: Int] = [:]

    public init() {}

    public mutating func add(_ key: CountKey, _ n: Int = 1) {
        counts[key, default: 0] += n
    }

    public var scopes: Set<UploadScope> { Set(counts.keys.map { UploadScope(unitID: $0.unitID, period: $0.period) }) }

    public var total: Int { counts.values.reduce(0, +) }
}

/// A tally file that passed validation: its counts and what it covers.
public struct ValidTally: Sendable {
    public var counts: CountTable
    public var rowCount: Int
    public var scopes: Set<UploadScope> { counts.scopes }
}
