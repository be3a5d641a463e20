import SIPASCore

/// What an export holds: questionnaires as stored, tally rows of active uploads, or the
/// aggregate counts every report reads.
public enum ExportKind: String, CaseIterable, Sendable {
    case responses, tallies, counts

    /// The export's column names; responses have one column per item of the survey.
    public func header(_ survey: Survey) -> [String] {
        switch self {
        case .counts: ["unit", "unit_name", "period_kind", "period_start", "item", "option", "channel", "count"]
        case .tallies: ["upload", "unit", "unit_name", "period_kind", "period_start", "item", "option", "count"]
        case .responses: ["id", "unit", "date", "channel"] + survey.allItems.map(\.code)
        }
    }

    /// The column holding the unit code, by which an uploader's export is limited to its area.
    var unitColumn: Int {
        switch self {
        case .counts: 0
        case .tallies, .responses: 1
        }
    }
}
