/// A tally file that passed validation: its counts and what it covers.
public struct ValidTally: Sendable {
    public var counts: CountTable
    public var rowCount: Int
    public var scopes: Set<UploadScope> { counts.scopes }
}
