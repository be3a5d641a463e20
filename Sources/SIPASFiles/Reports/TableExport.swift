import Foundation
import SIPASCore

/// Writes report tables as XLSX (one sheet each) or CSV (UTF-8 with a byte-order mark so that
/// Excel shows Vietnamese correctly). Text that a spreadsheet would take for a formula
/// (starting with =, +, - or @) is neutralised with a leading apostrophe.
public enum TableExport {
    /// Guards a text cell against formula injection.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    public static func xlsx(_ tables: [ReportTable], sheetNames: [String: String] = [:], to url: URL) throws {
        let sheets = tables.map { table in
            XLSXSheet(
                name: sheetNames[table.name] ?? table.name.capitalized,
                rows: [table.header.map { .text($0) }] + table.rows.map { $0.map(neutralise) },
                columnWidths: table.widths, frozenRows: 1, boldRows: [0])
        }
        try XLSXWriter.write(sheets, to: url)
    }

    static func neutralise(_ cell: XLSXCell) -> XLSXCell {
        if case .text(let t) = cell { return .text(neutralised(t)) }
        return cell
    }

    /// One table as CSV text with a BOM: numbers in full precision with a dot, text quoted when needed.
    public static func csv(_ table: ReportTable) -> Data {
        var out = "\u{FEFF}" + table.header.map(quote).joined(separator: ",") + "\r\n"
        for row in table.rows {
            out +=
                row.map { cell -> String in
                    switch cell {
                    case .text(let t): return quote(neutralised(t))
                    case .number(let n, _): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : "\(n)"
                    case .empty: return ""
                    }
                }.joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
