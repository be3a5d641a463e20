/// A reporting period: a month, a quarter or a year. A month is the base: quarters and years
/// are sums of their months. Written `YYYY-MM`, `YYYY-Qn` or `YYYY`.
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case month, quarter, year

        var length: Int {
            switch self {
            case .month: return 1
            case .quarter: return 3
            case .year: return 12
            }
        }
    }

    public let kind: Kind
    public let year: Int
    /// The first month of the period (1…12).
    public let firstMonth: Int

    public static func month(_ year: Int, _ month: Int) -> Period { Period(kind: .month, year: year, firstMonth: month) }
    public static func quarter(_ year: Int, _ quarter: Int) -> Period {
        Period(kind: .quarter, year: year, firstMonth: (quarter - 1) * 3 + 1)
    }
    public static func year(_ year: Int) -> Period { Period(kind: .year, year: year, firstMonth: 1) }

    private init(kind: Kind, year: Int, firstMonth: Int) {
        self.kind = kind
        self.year = year
        self.firstMonth = firstMonth
    }

    /// Parses `YYYY-MM`, `YYYY-Qn` (also `YYYY-qn`) or `YYYY`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearPart = parts.first, yearPart.count == 4, yearPart.allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(yearPart), year >= 1900
        else { return nil }
        if parts.count == 1 {
            self = .year(year)
            return
        }
        guard parts.count == 2 else { return nil }
        let rest = parts[1]
        if rest.count == 2, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let m = Int(rest), (1...12).contains(m) {
            self = .month(year, m)
        } else if rest.count == 2, rest.first == "Q" || rest.first == "q", let q = Int(rest.dropFirst()), (1...4).contains(q) {
            self = .quarter(year, q)
        } else {
            return nil
        }
    }

    public var quarterNumber: Int { (firstMonth - 1) / 3 + 1 }

    public var description: String {
        switch kind {
        case .month: return "\(year)-\(firstMonth < 10 ? "0" : "")\(firstMonth)"
        case .quarter: return "\(year)-Q\(quarterNumber)"
        case .year: return "\(year)"
        }
    }

    /// Vietnamese label: "Tháng 3/2021", "Quý 1/2021", "Năm 2021".
    public func label(_ language: Language) -> String {
        switch (kind, language) {
        case (.month, .vi): return "Tháng \(firstMonth)/\(year)"
        case (.quarter, .vi): return "Quý \(quarterNumber)/\(year)"
        case (.year, .vi): return "Năm \(year)"
        case (.month, .en): return "\(Self.englishMonths[firstMonth - 1]) \(year)"
        case (.quarter, .en): return "Q\(quarterNumber) \(year)"
        case (.year, .en): return "\(year)"
        }
    }

    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// The months the period is made of.
    public var months: [Period] { (0..<kind.length).map { .month(year, firstMonth + $0) } }

    public var firstDay: CalendarDate { CalendarDate(year: year, month: firstMonth, day: 1)! }

    public var lastDay: CalendarDate {
        let m = firstMonth + kind.length - 1
        return CalendarDate(year: year, month: m, day: CalendarDate.daysIn(month: m, year: year))!
    }

    public func contains(_ date: CalendarDate) -> Bool { firstDay <= date && date <= lastDay }

    /// True when the periods share a day (a quarter overlaps each of its months).
    public func overlaps(_ other: Period) -> Bool { firstDay <= other.lastDay && other.firstDay <= lastDay }

    /// The month a date falls in.
    public static func month(of date: CalendarDate) -> Period { .month(date.year, date.month) }

    /// The period of the same kind just before.
    public var previous: Period {
        let index = year * 12 + firstMonth - 1 - kind.length
        return Period(kind: kind, year: index / 12, firstMonth: index % 12 + 1)
    }

    /// The same period a year earlier.
    public var yearEarlier: Period { Period(kind: kind, year: year - 1, firstMonth: firstMonth) }

    public static func < (a: Period, b: Period) -> Bool {
        (a.firstDay, a.kind.length) < (b.firstDay, b.kind.length)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a period (YYYY-MM, YYYY-Qn or YYYY)")
        }
        self = period
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
