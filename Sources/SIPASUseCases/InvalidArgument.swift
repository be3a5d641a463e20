/// A value outside a closed set (or of the wrong form) given for a named field: each front
/// end names the field its own way (the CLI its flag, the API its parameter).
public struct InvalidArgument: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field as the use case names it (`table`, `scope`, `format`…).
    public var field: String
    public var value: String
    /// The valid values, or a description of the expected form.
    public var expected: [String]

    public init(field: String, value: String, expected: [String]) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String {
        let valid = expected.count == 1 ? expected[0] : "one of " + expected.joined(separator: ", ")
        return value.isEmpty ? "\(field) is required; expected \(valid)" : "\(field) \(value) is not valid; expected \(valid)"
    }
}
