import Foundation

/// Turns the rows of an export into bytes, one format for every front end: CSV (UTF-8 with a
/// byte-order mark so that Excel shows Vietnamese correctly, CRLF line ends, text a
/// spreadsheet would take for a formula neutralised) or JSON lines (one object per row, the
/// header's names as keys, sorted; values are strings as in the CSV).
public struct ExportRowWriter: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case csv
        case jsonLines = "jsonl"
    }

    public let format: Format
    public let header: [String]

    public init(format: Format, header: [String]) {
        self.format = format
        self.header = header
    }

    /// What comes before the first row: the BOM and the header line for CSV, nothing for JSON lines.
    public func start() -> Data {
        switch format {
        case .csv: Data(("\u{FEFF}" + Self.csvText(header)).utf8)
        case .jsonLines: Data()
        }
    }

    /// One row, with its line end.
    public func line(_ fields: [String]) -> Data {
        switch format {
        case .csv: Data(Self.csvText(fields).utf8)
        case .jsonLines: Self.jsonLine(Dictionary(zip(header, fields), uniquingKeysWith: { first, _ in first }))
        }
    }

    /// A CSV line with its CRLF: each field neutralised and quoted when needed.
    public static func csvText(_ fields: [String]) -> String {
        fields.map { TableExport.quote(TableExport.neutralised($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A whole CSV file of `header` and `rows`, with a BOM (the codebook beside an export).
    public static func csv(header: [String], rows: [[String]]) -> Data {
        var data = Data(("\u{FEFF}" + csvText(header)).utf8)
        for row in rows { data.append(Data(csvText(row).utf8)) }
        return data
    }

    private static func jsonLine(_ object: [String: String]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a dictionary of strings cannot fail.
        var data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
