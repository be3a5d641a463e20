/// How an old unit passed to a new one on a reorganisation.
public enum UnitChangeKind: String, Codable, Sendable, CaseIterable {
    case merge, split, rename
}
