import Foundation

/// How long each phase of `sipas report` took, measured inside the process with
/// `ContinuousClock` (start-up, argument parsing and connecting to the database excluded).
/// With `SIPAS_TIMING=1` the command prints one line to stderr:
/// `timing: read 12.3 ms, build 45.6 ms, encode 7.8 ms, write 1.2 ms, total 67.0 ms`.
///
/// - read: `ReportService` up to the report's input (the counts read, carried to the
///   boundaries and added up) — everything before `ReportBuilder.build`;
/// - build: `ReportBuilder.build`;
/// - encode: the report turned into the chosen format (JSON bytes, HTML, text, tables);
/// - write: the file or standard output written (JSON is written in pieces as it is
///   encoded: write is the time spent in the writes, encode the rest);
/// - total: from the start of read to the end of write.
struct PhaseTiming: Sendable {
    static let phases = ["read", "build", "encode", "write"]

    static var isEnabled: Bool { ProcessInfo.processInfo.environment["SIPAS_TIMING"] == "1" }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var last: ContinuousClock.Instant
    private var durations: [String: Duration] = [:]

    init() {
        start = clock.now
        last = start
    }

    /// Ends the phase `name`: the time since the previous lap (or the start) is its duration.
    mutating func lap(_ name: String) {
        let now = clock.now
        durations[name, default: .zero] += now - last
        last = now
    }

    /// Ends the phase `name`, of which `other` took `otherDuration` (phases interleaved, as
    /// encoding and writing a report in pieces): `name` gets the rest of the time since the
    /// previous lap.
    mutating func lap(_ name: String, of other: String, took otherDuration: Duration) {
        let now = clock.now
        durations[name, default: .zero] += now - last - otherDuration
        durations[other, default: .zero] += otherDuration
        last = now
    }

    /// The line printed: every phase in order (0.0 ms for one that did not happen) and the total.
    var line: String {
        func ms(_ d: Duration) -> String {
            let (seconds, attoseconds) = d.components
            return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
        }
        let parts = Self.phases.map { "\($0) \(ms(durations[$0] ?? .zero)) ms" }
        return "timing: " + parts.joined(separator: ", ") + ", total \(ms(last - start)) ms"
    }

    /// Prints `line` to stderr when `SIPAS_TIMING=1`.
    func report() {
        guard Self.isEnabled else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
