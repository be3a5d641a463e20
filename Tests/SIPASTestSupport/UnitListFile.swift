import Foundation

/// The shipped unit lists read as plain CSV, independently of sipas's own readers: tests
/// compute from them what a report should say (who must report in a district, how many units).
public enum UnitListFile {
    public struct Row: Sendable, Equatable {
        public var code: String
        public var parent: String
        public var level: String
        public var name: String
    }

    /// The rows of `Surveys/units/<file>` (comment lines and the header left out).
    public static func rows(_ file: String) throws -> [Row] {
        let text = try String(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/units/\(file)"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }.dropFirst().map { line in
            let fields = Self.fields(line)
            return Row(code: fields[0], parent: fields[1], level: fields[2], name: fields[4])
        }
    }

    /// The fields of one line: commas separate, double quotes enclose (a name may hold a comma).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previous: Character?
        for character in line {
            switch character {
            case "\"" where quoted: quoted = false
            case "\"":
                if previous == "\"" { field.append("\"") }
                quoted = true
            case "," where !quoted:
                fields.append(field)
                field = ""
            default: field.append(character)
            }
            previous = character
        }
        fields.append(field)
        return fields
    }

    /// Hà Tĩnh in 2021: its districts, communes and departments, as `ImportFixture` loads them.
    public static func haTinh2021() throws -> [Row] {
        try rows("ha-tinh-2021.csv") + rows("ha-tinh-departments-2021.csv")
    }

    /// The units that must report in a district's area (with the default levels): the district
    /// committee itself and its communes.
    public static func mustReport(inDistrict code: String, of rows: [Row]) -> [Row] {
        rows.filter { $0.code == code || ($0.parent == code && $0.level == "commune") }
    }
}
