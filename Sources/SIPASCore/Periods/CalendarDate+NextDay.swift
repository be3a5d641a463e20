extension CalendarDate {
    /// The day after (a successor version starts the day after its predecessor ends).
    public var nextDay: CalendarDate {
        if day < CalendarDate.daysIn(month: month, year: year) { return CalendarDate(year: year, month: month, day: day + 1)! }
        if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1)! }
        return CalendarDate(year: year + 1, month: 1, day: 1)!
    }
}
