import SIPASCore

/// Numbers, intervals, dates and periods as the Word report prints them (Vietnamese).
enum DOCXWords {
    /// "91,17 %"; "–" for nil.
    static func pct(_ value: Double?) -> String { NumberFormatting.percent(value, language: .vi) }

    /// "91,17"; "–" for nil.
    static func num(_ value: Double?, _ digits: Int = 2) -> String { NumberFormatting.decimal(value, digits: digits, language: .vi) }

    /// "6.550".
    static func int(_ value: Int) -> String { NumberFormatting.integer(value, language: .vi) }

    /// "90,72–91,66", as the HTML report prints intervals; "–" when either end is missing.
    static func interval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high, low.isFinite, high.isFinite else { return "–" }
        return "\(num(low))–\(num(high))"
    }

    /// The period inside a sentence: "tháng 3/2021", "quý 1/2021", "năm 2021".
    static func period(_ text: String) -> String {
        ReportText.periodLabel(text, .vi).lowercased()
    }

    /// The place and date line of the header: "Hà Tĩnh, ngày 05 tháng 4 năm 2021". The decree
    /// writes days below 10 and the months 1 and 2 with a leading zero.
    static func placeAndDate(_ place: String, _ date: CalendarDate) -> String {
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month <= 2 ? "0\(date.month)" : "\(date.month)"
        return "\(place), ngày \(day) tháng \(month) năm \(date.year)"
    }

    /// "A, B và C"; with more than `limit` names, the first ones and "và n đơn vị khác".
    static func list(_ names: [String], limit: Int = 15) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        if names.count > limit {
            return names.prefix(limit).joined(separator: ", ") + " và \(int(names.count - limit)) đơn vị khác"
        }
        return names.dropLast().joined(separator: ", ") + " và " + names.last!
    }

    /// Where the verdict leaves the unit, in a sentence.
    static func verdict(_ verdict: Verdict, minimum: Int) -> String {
        switch verdict {
        case .meets: return "đạt mục tiêu (cả khoảng tin cậy từ mục tiêu trở lên)"
        case .misses: return "chưa đạt mục tiêu (cả khoảng tin cậy thấp hơn mục tiêu)"
        case .cannotTell: return "chưa kết luận được là đạt hay chưa đạt mục tiêu, vì khoảng tin cậy chứa mục tiêu"
        case .tooFewResponses: return "chưa đủ \(int(minimum)) phiếu nên chưa kết luận so với mục tiêu"
        case .noValidAnswers: return "có phiếu nhưng không có câu trả lời hợp lệ nên chưa kết luận so với mục tiêu"
        }
    }

    /// The level's units as a group: "các huyện, thị xã, thành phố".
    static func levelGroup(_ level: UnitLevel) -> String {
        switch level {
        case .province: return "cấp tỉnh"
        case .department: return "các sở, ban, ngành"
        case .district: return "cấp huyện"
        case .commune: return "cấp xã"
        }
    }
}
