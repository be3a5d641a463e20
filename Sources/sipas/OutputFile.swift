import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written from its start (created or truncated), or standard output, by write(2).
/// Unlike `Data.write(to:)`, does not fsync: flushing a national report (150 MB) to the disk
/// took longer than writing it, and nothing here needs it on the disk before the command ends.
struct OutputFile {
    let descriptor: Int32
    let path: String?

    /// The file at `path`, or standard output when `path` is nil.
    init(_ path: String?) throws {
        self.path = path
        guard let path else {
            descriptor = STDOUT_FILENO
            return
        }
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        if fd < 0 {
            // Let Foundation try, and say why it cannot in its words, as before.
            try Data().write(to: URL(fileURLWithPath: path))
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            if fd < 0 { throw Self.error(path) }
        }
        descriptor = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = writeSome(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.error(path ?? "standard output")
            }
            offset += n
        }
    }

    func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Deletes the file (not standard output).
    func remove() {
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Closes the file (not standard output).
    func close() {
        if path != nil { _ = closeDescriptor(descriptor) }
    }

    static func error(_ path: String) -> Error {
        CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
            ])
    }
}

/// write(2): some of the bytes, or -1 with errno.
private func writeSome(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, bytes, count)
    #else
        return Darwin.write(fd, bytes, count)
    #endif
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
        return Glibc.close(fd)
    #else
        return Darwin.close(fd)
    #endif
}
