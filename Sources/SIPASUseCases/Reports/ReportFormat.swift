/// The forms a report is written in: `sipas report --format`, the API's `format=`.
public enum ReportFormat: String, Sendable, Codable, CaseIterable {
    case json, text, html, xlsx, csv
}
