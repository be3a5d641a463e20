import Foundation

/// For writers that write to a file (XLSX through ZIPFoundation): a file in the temporary
/// folder, read back and removed.
public enum TemporaryFile {
    /// Lets `write` fill a temporary file and returns its bytes.
    public static func bytes(_ write: (URL) throws -> Void) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-\(UUID().uuidString).tmp")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        return Array(try Data(contentsOf: url))
    }
}
