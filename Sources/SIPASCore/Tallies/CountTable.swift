extension CountTable: CountCollection {
    public func countSequence() -> AnySequence<(key: CountKey, count: Int)> {
        AnySequence(counts.lazy.map { (key: $0.key, count: $0.value) })
    }
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
