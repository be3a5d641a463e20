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
