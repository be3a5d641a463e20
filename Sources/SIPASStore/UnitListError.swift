import SIPASCore

/// A unit list that cannot be imported as asked, before any of its rows is looked at.
public enum UnitListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The end of the list's validity is before its start.
    case endsBeforeStart(validFrom: CalendarDate, validTo: CalendarDate)

    public var description: String {
        switch self {
        case .endsBeforeStart(let validFrom, let validTo): "the list is valid to \(validTo), before it is valid from \(validFrom)"
        }
    }
}
