import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid. Foundation's `Process` is not
/// used here: on Linux its exit monitoring can miss a child that exits while a server it
/// started (`pg_ctl start`) lives on, leaving `waitUntilExit()` waiting forever.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output and error together (they are the same file unless separated).
        public var output: String { stdout + stderr }
    }

    /// Runs `argv` in `directory` with standard input from /dev/null and standard output and
    /// error into temporary files (not pipes: a server started by the program inherits the
    /// descriptors and would hold a pipe open).
    public static func run(
        _ argv: [String], directory: String? = nil, environment: [String: String]? = nil, separateErrors: Bool = false
    ) throws -> Result {
        try start(argv, directory: directory, environment: environment, separateErrors: separateErrors).wait()
    }

    /// A started program: `wait()` for its result, or `kill(_:)` it.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        let outPath: String
        let errPath: String
        let separateErrors: Bool
        let name: String

        init(pid: pid_t, outPath: String, errPath: String, separateErrors: Bool, name: String) {
            self.pid = pid
            self.outPath = outPath
            self.errPath = errPath
            self.separateErrors = separateErrors
            self.name = name
        }

        public func kill(_ signal: Int32) {
            _ = Glibc.kill(pid, signal)
        }

        public func wait() throws -> Result {
            defer {
                unlink(outPath)
                unlink(errPath)
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                guard errno == EINTR else {
                    throw DatabaseError.embedded("waiting for \(name) failed: \(String(cString: strerror(errno)))")
                }
            }
            let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return Result(
                status: exitCode,
                stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                stderr: separateErrors ? ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "") : "")
        }
    }

    /// Starts `argv` without waiting for it.
    public static func start(
        _ argv: [String], directory: String? = nil, environment: [String: String]? = nil, separateErrors: Bool = false
    ) throws -> Running {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("sipas-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let outPath = base + ".out"
        let errPath = base + ".err"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if separateErrors {
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        // posix_spawn cannot change directory portably: let a shell do it, then exec.
        let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + argv } ?? argv
        let cArgs = command.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let cEnv = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { cEnv?.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned =
            cEnv.map { env in
                env.withUnsafeBufferPointer {
                    posix_spawn(&pid, command[0], &actions, nil, cArgs, UnsafeMutablePointer(mutating: $0.baseAddress))
                }
            } ?? posix_spawn(&pid, command[0], &actions, nil, cArgs, environ)
        guard spawned == 0 else {
            throw DatabaseError.embedded("cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        return Running(pid: pid, outPath: outPath, errPath: errPath, separateErrors: separateErrors, name: command[0])
    }
}
