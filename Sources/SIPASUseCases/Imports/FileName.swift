/// File names that come from outside (an upload's name, a download's name).
public enum FileName {
    /// Only the last path component, without characters a path or a header could abuse.
    public static func safe(_ name: String, fallback: String = "upload.csv") -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? fallback
        let cleaned = last.filter {
            !$0.isNewline && $0 != "\0" && $0 != "<" && $0 != ">" && $0 != "\"" && !$0.unicodeScalars.contains(where: { $0.value < 0x20 })
        }
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? fallback : String(cleaned.prefix(200))
    }
}
