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

    /// Whether the role may import files and post questionnaires.
    public var mayImport: Bool { self != .viewer }

    /// The role as the account pages name it.
    public var label: LocalizedText {
        switch self {
        case .admin: LocalizedText(vi: "Quản trị", en: "Administrator")
        case .analyst: LocalizedText(vi: "Chuyên viên phân tích", en: "Analyst")
        case .uploader: LocalizedText(vi: "Cán bộ tải lên", en: "Uploader")
        case .viewer: LocalizedText(vi: "Người xem báo cáo", en: "Report viewer")
        }
    }
}
