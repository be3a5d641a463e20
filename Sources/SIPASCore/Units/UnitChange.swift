/// One succession: `oldCode` (valid the day before `effective`) to `newCode`.
public struct UnitChange: Sendable, Hashable, Codable {
    public var oldCode: String
    public var newCode: String
    public var kind: UnitChangeKind
    public var isDefault: Bool
    public var share: Double?
    public var note: String

    public init(oldCode: String, newCode: String, kind: UnitChangeKind, isDefault: Bool, share: Double?, note: String) {
        self.oldCode = oldCode
        self.newCode = newCode
        self.kind = kind
        self.isDefault = isDefault
        self.share = share
        self.note = note
    }
}
