import Foundation

/// python3 for the checks made by independent tools (jsonschema, openpyxl…): skipped when it
/// or the module is missing, except under `CI`, where the check runs and fails.
public enum PythonTool {
    public static let isCI =
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false

    /// Runs python3 with `arguments`; its exit status and output (standard output and error),
    /// or nil when it cannot be started.
    public static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether python3 can import every one of `modules`.
    public static func has(_ modules: String...) -> Bool {
        run(["-c", modules.map { "import \($0)" }.joined(separator: "; ")])?.status == 0
    }
}
