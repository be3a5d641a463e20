import Foundation
import SIPASStore

/// Runs the built `sipas` executable as a user would, capturing its output and exit status.
public struct CLIRunner: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The executable that `swift build` (and `swift test`) put in `.build/debug`.
    public static var executable: URL {
        let env = ProcessInfo.processInfo.environment
        if let path = env["SIPAS_EXECUTABLE"] { return URL(fileURLWithPath: path) }
        // The test bundle lives beside the executable in the build folder.
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("sipas"))
        }
        candidates.append(TestDatabase.root.appendingPathComponent(".build/debug/sipas"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Environment pointing at a particular database (and nothing else).
    public static func environment(for database: String?, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        if let database { env["PGDATABASE"] = database }
        env["SIPAS_ROOT"] = TestDatabase.root.path
        env["SIPAS_USER"] = "cli-test"
        for (k, v) in extra { env[k] = v }
        return env
    }

    public func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let result = try ChildProcess.run(
            [Self.executable.path] + arguments, directory: directory?.path,
            environment: environment, separateErrors: true)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
