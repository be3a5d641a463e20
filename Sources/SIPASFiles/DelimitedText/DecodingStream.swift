import Foundation
import SIPASCore

/// Reads a file chunk by chunk and keeps a window of its text, transcoded to UTF-8, in `buffer`.
///
/// The reader parses `buffer`, discards what it has consumed and calls ``fill()`` for more, so
/// memory holds one chunk plus the record being parsed, never the whole file.
struct DecodingStream {
    private let handle: FileHandle
    private let chunkSize: Int
    private var transcoder: Transcoder
    /// Bytes already read from the file (during encoding detection) but not yet transcoded.
    private var pending: [UInt8]
    private var pendingOffset = 0
    private var reachedEndOfFile = false

    /// UTF-8 text not yet discarded.
    private(set) var buffer: [UInt8] = []
    /// File bytes handed to the transcoder so far.
    private(set) var bytesRead: Int
    /// Why the text stops early: set when the bytes right after `buffer` are not valid in the
    /// encoding. ``fill()`` then returns false.
    private(set) var problem: String?
    /// What to ask for differently about `problem`, if anything.
    var remedy: Remedy? { transcoder.remedy }

    /// - Parameters:
    ///   - pending: bytes already read from the start of the file, after any byte-order mark.
    ///   - skipped: bytes before `pending` (the byte-order mark), counted as read.
    init(handle: FileHandle, encoding: TextEncoding, chunkSize: Int, pending: [UInt8], skipped: Int) {
        self.handle = handle
        self.chunkSize = chunkSize
        self.transcoder = Transcoder(encoding: encoding)
        self.pending = pending
        self.bytesRead = skipped
        buffer.reserveCapacity(chunkSize * 3 + 64)
    }

    /// Removes the first `count` bytes of `buffer`.
    mutating func discard(_ count: Int) {
        guard count > 0 else { return }
        if count == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeFirst(count)
        }
    }

    /// Appends at least one byte of text to `buffer`; returns false at end of file or when the
    /// next bytes are invalid (see ``problem``). Throws only when the file cannot be read.
    mutating func fill() throws -> Bool {
        guard problem == nil else { return false }
        let before = buffer.count
        while buffer.count == before {
            guard let chunk = try nextChunk() else {
                guard !reachedEndOfFile else { return false }
                reachedEndOfFile = true
                problem = transcoder.finish(into: &buffer)
                return buffer.count > before
            }
            bytesRead += chunk.count
            problem = chunk.withUnsafeBufferPointer { transcoder.transcode($0, into: &buffer) }
            if problem != nil { return buffer.count > before }
        }
        return true
    }

    private mutating func nextChunk() throws -> [UInt8]? {
        if pendingOffset < pending.count {
            let start = pendingOffset
            pendingOffset = min(pending.count, start + chunkSize)
            return Array(pending[start..<pendingOffset])
        }
        guard !reachedEndOfFile, let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
            return nil
        }
        return [UInt8](data)
    }
}
