public enum ItemGroup: String, Codable, Sendable, CaseIterable {
    case criterion, observation, expectation, profile, overall, other
}
