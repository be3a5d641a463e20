import Foundation

/// A cap on password checks running at once, so that a flood of sign-in posts cannot take
/// every core: at most `running` checks run, at most `waiting` more queue; beyond that a
/// check is refused at once (`BcryptGate.Busy`, answered 503 with Retry-After).
public actor BcryptGate {
    /// Too many password checks are running or waiting.
    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var description: String { "too many sign-ins are being checked at this moment; try again in a few seconds" }
    }

    /// The gate of this process: one password check per core, 32 waiting.
    public static let shared = BcryptGate(running: max(1, ProcessInfo.processInfo.activeProcessorCount), waiting: 32)

    private let limit: Int
    private let queueLimit: Int
    private var active = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    public init(running: Int, waiting: Int) {
        limit = max(1, running)
        queueLimit = max(0, waiting)
    }

    /// Runs `body` when a place is free, or throws `Busy` when the queue is full.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async throws {
        if active < limit {
            active += 1
            return
        }
        guard queue.count < queueLimit else { throw Busy() }
        await withCheckedContinuation { queue.append($0) }
        // `leave` handed its place over: `active` is unchanged.
    }

    private func leave() {
        if queue.isEmpty {
            active -= 1
        } else {
            queue.removeFirst().resume()
        }
    }

    /// Checks running and waiting now (for tests and metrics).
    public var load: (running: Int, waiting: Int) { (active, queue.count) }
}
