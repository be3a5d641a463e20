/// The dates a single questionnaire from a kiosk or the portal may carry: none after tomorrow
/// (a device whose clock is a little ahead), none before the first day of the month `months - 1`
/// months before today's. By default this month and the last closed one: a device cannot add
/// questionnaires to months long reported. Files imported by clerks are not limited by it.
public struct SubmissionWindow: Sendable, Equatable {
    /// How many calendar months, today's included, a date may lie in; 0: no lower limit.
    public var months: Int
    /// How many days after today are still accepted.
    public var toleranceDays: Int

    public init(months: Int = 2, toleranceDays: Int = 1) {
        self.months = max(0, months)
        self.toleranceDays = max(0, toleranceDays)
    }

    /// This month and the last closed one; tomorrow at the latest.
    public static let standard = SubmissionWindow()

    /// The first day accepted on `today`; nil when there is no lower limit.
    public func earliest(today: CalendarDate) -> CalendarDate? {
        guard months > 0 else { return nil }
        var month = Period.month(of: today)
        for _ in 1..<months { month = month.previous }
        return month.firstDay
    }

    /// The last day accepted on `today`.
    public func latest(today: CalendarDate) -> CalendarDate {
        (0..<toleranceDays).reduce(today) { day, _ in day.nextDay }
    }

    /// Whether `date` may be submitted on `today`.
    public func contains(_ date: CalendarDate, today: CalendarDate) -> Bool {
        date <= latest(today: today) && earliest(today: today).map { $0 <= date } ?? true
    }
}
