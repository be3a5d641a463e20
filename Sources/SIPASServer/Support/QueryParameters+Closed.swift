import Hummingbird
import SIPASUseCases

extension Parameters {
    /// The value of `name` from a closed set, `fallback` when absent; an unknown value is
    /// refused (400) with the field's name and the valid values.
    func closed<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        try closed(name) ?? fallback
    }

    /// The value of `name` from a closed set, nil when absent.
    func closed<T: RawRepresentable & CaseIterable>(_ name: String) throws -> T? where T.RawValue == String {
        guard let text = self[Substring(name)] else { return nil }
        guard let value = T(rawValue: String(text)) else {
            throw InvalidArgument(field: name, value: String(text), expected: T.allCases.map(\.rawValue))
        }
        return value
    }
}

extension Parameters {
    /// `boundaries`: as-reported (the default), current or a date; anything else is refused
    /// (400) with the field's name and the valid values.
    func boundaries() throws -> ReportService.Boundaries {
        guard let text = self["boundaries"] else { return .asReported }
        guard let value = ReportService.Boundaries(String(text)) else {
            throw InvalidArgument(field: "boundaries", value: String(text), expected: ["as-reported", "current", "YYYY-MM-DD"])
        }
        return value
    }
}
