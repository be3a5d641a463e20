import Foundation
import Hummingbird
import SIPASCore
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

    /// `boundaries`: as-reported (the default), current or a date; anything else is refused
    /// (400) with the field's name and the valid values.
    func boundaries() throws -> ReportService.Boundaries {
        guard let text = self["boundaries"] else { return .asReported }
        guard let value = ReportService.Boundaries(String(text)) else {
            throw InvalidArgument(field: "boundaries", value: String(text), expected: ["as-reported", "current", "YYYY-MM-DD"])
        }
        return value
    }

    /// A required text parameter (400 when absent or empty); `example` says what is expected.
    func required(_ name: String, example: String) throws -> String {
        guard let text = self[Substring(name)], !text.isEmpty else { throw InvalidArgument(field: name, value: "", expected: [example]) }
        return String(text)
    }

    /// `true` or `false` (the default when absent); anything else is refused (400).
    func flag(_ name: String) throws -> Bool {
        guard let text = self[Substring(name)] else { return false }
        guard text == "true" || text == "false" else {
            throw InvalidArgument(field: name, value: String(text), expected: ["true", "false"])
        }
        return text == "true"
    }

    /// A required period; `kinds` says which (400 when absent, of another form or another kind).
    func period(_ name: String = "period", kinds: [Period.Kind] = [.month, .quarter, .year]) throws -> Period {
        let forms = kinds.map { kind in
            switch kind {
            case .month: "YYYY-MM"
            case .quarter: "YYYY-Qn"
            case .year: "YYYY"
            }
        }
        let text = self[Substring(name)].map(String.init) ?? ""
        guard let period = Period(text), kinds.contains(period.kind) else {
            throw InvalidArgument(field: name, value: text, expected: forms)
        }
        return period
    }

    /// A date YYYY-MM-DD, nil when absent (400 when not a date).
    func date(_ name: String) throws -> CalendarDate? {
        guard let text = self[Substring(name)] else { return nil }
        guard let date = CalendarDate(String(text)) else {
            throw InvalidArgument(field: name, value: String(text), expected: ["YYYY-MM-DD"])
        }
        return date
    }

    /// A whole number from `range`, nil when absent (400 otherwise).
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self[Substring(name)] else { return nil }
        guard let value = Int(String(text)), range.contains(value) else {
            throw InvalidArgument(field: name, value: String(text), expected: ["a whole number \(range.lowerBound)–\(range.upperBound)"])
        }
        return value
    }
}

extension AppContext {
    /// The id in the path (400 when it is not a whole number).
    func id(_ name: String = "id") throws -> Int {
        let text = parameters.get(name) ?? ""
        guard let id = Int(text) else { throw InvalidArgument(field: name, value: text, expected: ["a whole number"]) }
        return id
    }
}
