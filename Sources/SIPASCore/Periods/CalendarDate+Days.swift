import Foundation

extension CalendarDate {
    /// The day after (a successor version starts the day after its predecessor ends).
    public var nextDay: CalendarDate {
        if day < CalendarDate.daysIn(month: month, year: year) { return CalendarDate(year: year, month: month, day: day + 1)! }
        if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1)! }
        return CalendarDate(year: year + 1, month: 1, day: 1)!
    }
}

extension CalendarDate {
    /// The day as people write it: 05/04/2021 in Vietnamese, 2021-04-05 in English.
    public func label(_ language: Language) -> String {
        switch language {
        case .vi: String(format: "%02d/%02d/%04d", day, month, year)
        case .en: description
        }
    }
}

extension CalendarDate {
    /// The day as Vietnamese administrative text writes it: "1/7/2025".
    public var dayMonthYear: String { "\(day)/\(month)/\(year)" }
}
