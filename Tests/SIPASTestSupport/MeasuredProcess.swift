import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with a time limit and measures its peak resident memory, for tests that
/// must show that bad input neither crashes, hangs nor exhausts memory.
///
/// The peak is measured by GNU time (`/usr/bin/time -f %M`) when it is installed: it forks the
/// program from its own small process, so the figure is the program's. (`getrusage` of a child
/// spawned from the test process would not do: at exec, Linux carries the spawning process's
/// own high-water mark into the child's `ru_maxrss`.) Without GNU time, `VmHWM` in
/// `/proc/PID/status` is sampled every few milliseconds until the program exits.
public enum MeasuredProcess {
    public struct Result: Sendable, CustomStringConvertible {
        /// The exit code, or nil when the program ended by a signal.
        public var exitCode: Int32?
        /// The signal that ended the program, if one did.
        public var signal: Int32?
        public var stdout: String
        public var stderr: String
        /// Peak resident set size in KiB (0 when it could not be measured).
        public var peakRSSKiB: Int
        public var seconds: Double
        /// The program ran past the time limit and was killed.
        public var timedOut: Bool

        public var peakRSSMiB: Double { Double(peakRSSKiB) / 1024 }

        public var description: String {
            let end = timedOut ? "timed out" : signal.map { "killed by signal \($0)" } ?? "exit \(exitCode ?? -1)"
            return "\(end), \(String(format: "%.2f", seconds)) s, peak RSS \(String(format: "%.1f", peakRSSMiB)) MiB"
        }
    }

    static let gnuTime = "/usr/bin/time"

    /// Runs `argv` (standard input from /dev/null) and waits at most `timeout` seconds; after that
    /// the program and everything it started (its process group) is killed.
    public static func run(_ argv: [String], environment: [String: String], timeout: Double) throws -> Result {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("sipas-measured-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let outPath = base + ".out"
        let errPath = base + ".err"
        let timePath = base + ".time"
        defer {
            unlink(outPath)
            unlink(errPath)
            unlink(timePath)
        }
        let useTime = FileManager.default.isExecutableFile(atPath: gnuTime)
        let command = useTime ? [gnuTime, "-f", "%M", "-o", timePath, "--"] + argv : argv

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so that a timeout can end the program and GNU time together.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let cArgs = command.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = cEnv.withUnsafeBufferPointer {
            posix_spawn(&pid, command[0], &actions, &attributes, cArgs, UnsafeMutablePointer(mutating: $0.baseAddress))
        }
        guard spawned == 0 else {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot run \(command[0]): \(String(cString: strerror(spawned)))"])
        }

        let start = Date()
        var status: Int32 = 0
        var timedOut = false
        var sampledPeak = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done == -1 && errno != EINTR { break }
            if !useTime, let hwm = highWaterMark(of: pid) { sampledPeak = max(sampledPeak, hwm) }
            if !timedOut && Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(start)

        var exitCode: Int32? = (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil
        var signal: Int32? = (status & 0x7f) == 0 ? nil : status & 0x7f
        var peak = sampledPeak
        if useTime {
            // GNU time writes "Command terminated by signal N" or "Command exited with non-zero
            // status N" before the format's line; its own exit status is the program's.
            let report = (try? String(contentsOfFile: timePath, encoding: .utf8)) ?? ""
            for line in report.split(separator: "\n") {
                if line.hasPrefix("Command terminated by signal "), let n = Int32(line.split(separator: " ").last ?? "") {
                    signal = n
                    exitCode = nil
                } else if let kib = Int(line.trimmingCharacters(in: .whitespaces)) {
                    peak = kib
                }
            }
        }
        return Result(
            exitCode: exitCode, signal: signal,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            peakRSSKiB: peak, seconds: seconds, timedOut: timedOut)
    }

    /// VmHWM of a running process, in KiB.
    static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}
