import Hummingbird
import Logging
import NIOCore

/// Gives up on a streamed answer whose client stops reading: a write that does not complete
/// within `timeout` (the connection's buffers are full and stay full) closes the connection.
/// The pending write then fails, and what the answer holds — a database connection streaming
/// rows — is let go at once instead of waiting for a client that may never read.
struct StalledWriteGuard: Sendable {
    var timeout: Duration
    var channel: any NIOCore.Channel
    var logger: Logger
    /// What is being written, for the log.
    var what: String

    func write(_ buffer: ByteBuffer, to writer: inout any ResponseBodyWriter) async throws {
        let (channel, logger, timeout, what) = (channel, logger, timeout, what)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            logger.warning(
                "a streamed answer stopped: its client read nothing for \(timeout)",
                metadata: ["what": "\(what)", "client": "\(channel.remoteAddress?.description ?? "?")"])
            channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        try await writer.write(buffer)
    }
}
