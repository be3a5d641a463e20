/// Who must report and by when: the levels the province surveys (departments, district
/// committees, communes by default) and the day of the month after the period by which data
/// are due (the 5th by default, inclusive, in Vietnam's calendar).
public struct ReportingRules: Sendable, Equatable, Codable {
    public var levels: [UnitLevel]
    public var deadlineDay: Int

    public init(levels: [UnitLevel] = [.department, .district, .commune], deadlineDay: Int = 5) {
        self.levels = levels
        self.deadlineDay = deadlineDay
    }

    /// The last day on which data for `period` count as on time.
    public func deadline(for period: Period) -> CalendarDate {
        let next = period.lastDay.nextDay
        return CalendarDate(year: next.year, month: next.month, day: min(max(deadlineDay, 1), 28))!
    }

    enum CodingKeys: String, CodingKey {
        case levels
        case deadlineDay = "deadline_day"
    }
}
