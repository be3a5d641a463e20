/// What an account may do. Stored in `app_users.role` (a CHECK lists the same values), given
/// to `sipas user add --role`, shown on the account pages.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything, including accounts.
    case admin
    /// Reads everything, imports for any unit.
    case analyst
    /// Uploads and reads only for its unit and the units below it.
    case uploader
    /// Reads reports.
    case viewer
    /// A device (a tablet at the one-stop desk, the public-service portal): posts
    /// questionnaires for its unit and nothing else.
    case kiosk

    /// Whether the role may import files (tally sheets, questionnaire files).
    public var mayImport: Bool { self == .admin || self == .analyst || self == .uploader }

    /// Whether the role may post single questionnaires (kiosks, the portal).
    public var maySubmit: Bool { self != .viewer }

    /// Whether the role acts for one unit (and the units below it) only.
    public var isUnitBound: Bool { self == .uploader || self == .kiosk }

    /// How long a new API token of this role lasts by default, in days: a device's a year,
    /// a person's 90 days.
    public var defaultTokenDays: Int { self == .kiosk ? 365 : 90 }

    /// The role as the account pages name it.
    public var label: LocalizedText {
        switch self {
        case .admin: LocalizedText(vi: "Quản trị", en: "Administrator")
        case .analyst: LocalizedText(vi: "Chuyên viên phân tích", en: "Analyst")
        case .uploader: LocalizedText(vi: "Cán bộ tải lên", en: "Uploader")
        case .viewer: LocalizedText(vi: "Người xem báo cáo", en: "Report viewer")
        case .kiosk: LocalizedText(vi: "Thiết bị khảo sát (kiosk)", en: "Kiosk device")
        }
    }
}
