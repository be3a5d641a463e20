import Foundation

/// A cap on heavy work running at once, so that a flood of requests cannot take every core or
/// every database connection: at most `running` run, at most `waiting` more queue (first come,
/// first served); beyond that the work is refused at once (`WorkGate.Busy`, answered 503 with
/// Retry-After). One gate each for password checks, imports, and reports and exports.
public actor WorkGate {
    /// What a gate holds back; it words the refusal.
    public enum Work: String, Sendable {
        case passwordCheck = "password check"
        case importing = "import"
        case report = "report or export"
    }

    /// Too many of the gate's work are running and waiting.
    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var work: Work
        public var description: String {
            switch work {
            case .passwordCheck: "too many sign-ins are being checked at this moment; try again in a few seconds"
            case .importing: "too many files are being imported at this moment; try again in a few seconds"
            case .report: "too many reports and exports are being made at this moment; try again in a few seconds"
            }
        }
    }

    /// A place taken in the gate, until `release()` or until the permit is dropped (for work
    /// that outlives a call, such as a streamed answer).
    public final class Permit: Sendable {
        let gate: WorkGate
        let id: Int

        init(gate: WorkGate, id: Int) {
            self.gate = gate
            self.id = id
        }

        /// Gives the place back (again: nothing).
        public func release() async { await gate.leave(id) }

        deinit {
            let gate = gate
            let id = id
            Task { await gate.leave(id) }
        }
    }

    /// The password checks of this process: one per core, 32 waiting.
    public static let passwordChecks = WorkGate(.passwordCheck, running: ProcessInfo.processInfo.activeProcessorCount, waiting: 32)

    public let work: Work
    private let limit: Int
    private let queueLimit: Int
    private var active: Set<Int> = []
    private var nextID = 0
    private var queue: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []

    public init(_ work: Work, running: Int, waiting: Int) {
        self.work = work
        limit = max(1, running)
        queueLimit = max(0, waiting)
    }

    /// Runs `body` when a place is free, or throws `Busy` when the queue is full.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let permit = try await enter()
        do {
            let result = try await body()
            leave(permit.id)
            return result
        } catch {
            leave(permit.id)
            throw error
        }
    }

    /// Takes a place when one is free (waiting in the queue), or throws `Busy` when the queue
    /// is full.
    public func enter() async throws -> Permit {
        nextID += 1
        let id = nextID
        if active.count < limit {
            active.insert(id)
        } else {
            guard queue.count < queueLimit else { throw Busy(work: work) }
            await withCheckedContinuation { queue.append((id, $0)) }
            // `leave` handed its place over: `id` is active.
        }
        return Permit(gate: self, id: id)
    }

    fileprivate func leave(_ id: Int) {
        guard active.remove(id) != nil else { return }
        guard !queue.isEmpty else { return }
        let next = queue.removeFirst()
        active.insert(next.id)
        next.continuation.resume()
    }

    /// Work running and waiting now (for tests and metrics).
    public var load: (running: Int, waiting: Int) { (active.count, queue.count) }
}
