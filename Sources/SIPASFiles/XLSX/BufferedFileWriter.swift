import Foundation

/// Writes text to a new file through a buffer, so large sheets never sit in memory whole.
final class BufferedFileWriter {
    private let handle: FileHandle
    private let url: URL
    private var buffer: [UInt8] = []
    private static let flushThreshold = 256 * 1024

    /// Creates (or empties) the file at `url`.
    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw XLSXError("a temporary file cannot be created in \(url.deletingLastPathComponent().path)")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes what is buffered and closes the file.
    func close() throws {
        try flush()
        try? handle.close()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw XLSXError("the temporary file \(url.path) cannot be written (is the disk full?)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
