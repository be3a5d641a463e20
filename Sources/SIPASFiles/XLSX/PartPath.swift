/// Part names inside the package (the zip paths of a workbook's files).
enum PartPath {
    /// Resolves a relationship target against the folder of the part that owns the
    /// relationship: ("worksheets/sheet1.xml", "xl") → "xl/worksheets/sheet1.xml";
    /// absolute targets ("/xl/worksheets/sheet1.xml") start from the package root; "." and ".."
    /// segments and percent-encoding are resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        var target = target.replacingOccurrences(of: "\\", with: "/")
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        target = target.removingPercentEncoding ?? target
        var segments: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// "xl/workbook.xml" → "xl"; "workbook.xml" → "".
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The relationships part of a part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
    static func relationships(of path: String) -> String {
        let folder = folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
    }
}
