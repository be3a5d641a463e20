import Crypto
import Foundation
import SIPASCore

/// The SHA-256 of a file's bytes, read in chunks: the identity of an uploaded file.
public enum FileDigest {
    /// The SHA-256 of bytes in memory, as lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256(of url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw FileProblems([FileProblem(file: url.path, line: nil, message: "cannot open the file; check the path")])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
