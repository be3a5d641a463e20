/// Whether a unit that must report for a period did so (as DHIS2 reports completeness and
/// timeliness): its first data arrived by the deadline, after it, or not at all.
public enum ReportingStatus: String, Sendable, Codable, CaseIterable {
    case onTime = "on_time"
    case late
    case missing

    public var label: LocalizedText {
        switch self {
        case .onTime: LocalizedText(vi: "Đúng hạn", en: "On time")
        case .late: LocalizedText(vi: "Muộn", en: "Late")
        case .missing: LocalizedText(vi: "Chưa gửi", en: "Missing")
        }
    }
}
