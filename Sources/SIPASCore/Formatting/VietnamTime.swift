import Foundation

/// Vietnam's clock (UTC+7, no daylight saving): how times are shown in reports, pages and the
/// terminal, and how a day typed by a person is read.
public enum VietnamTime {
    public static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// `yyyy-MM-dd HH:mm` in Vietnam time.
    public static func minutes(_ date: Date) -> String {
        formatter("yyyy-MM-dd HH:mm").string(from: date)
    }

    /// The start of a day `yyyy-MM-dd` in Vietnam time, or nil for anything else.
    public static func startOfDay(_ text: String) -> Date? {
        formatter("yyyy-MM-dd").date(from: text)
    }

    private static func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = pattern
        formatter.timeZone = zone
        return formatter
    }
}
