import Foundation

/// The JSON objects kept in `jsonb` columns (free-text profile answers, audit details), written
/// and read through Codable. Keys are sorted so that equal objects give equal text; what
/// `JSONSerialization` wrote before reads the same, as PostgreSQL keeps `jsonb` normalised.
public enum StoredJSON {
    /// The object as JSON text for a `jsonb` bind parameter.
    public static func text(_ object: [String: String]) -> String {
        guard !object.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a dictionary of strings cannot fail.
        return (try? encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The object read back from a `jsonb` column's text; nil when it is not an object of strings.
    public static func object(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
