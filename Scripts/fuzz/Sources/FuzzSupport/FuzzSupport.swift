import CFuzzerDriver
import Foundation
import SIPASCore
import SIPASFiles

/// What the fuzz targets share. Every target writes its input to a file in ``scratch`` (the
/// readers take file URLs, as the import does) and checks that every failure is one of the
/// errors the readers document, with a message: anything else stops the run like a crash.
public enum Fuzz {
    /// Each target's `main.swift` calls this with its `LLVMFuzzerTestOneInput`.
    ///
    /// libFuzzer brings its own `main`, which a plain `@_cdecl("LLVMFuzzerTestOneInput")` relies
    /// on; but in debug builds SwiftPM links every executable with `--defsym main=<Module>_main`
    /// (so tests can import executables), which silently replaces libFuzzer's `main` with the
    /// module's top-level code (an empty program that exits 0), and with `-parse-as-library`
    /// the link fails for want of `<Module>_main`. So the top-level code starts libFuzzer's
    /// driver itself, through `LLVMFuzzerRunDriver`, its documented entry for that case.
    public static func main(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(sipas_fuzz_run_driver(&argc, &argv, testOneInput))
    }

    /// A valid pointer for an empty input.
    nonisolated(unsafe) public static let emptyInput: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    /// A folder of this process's own in the temporary directory (`Scripts/fuzz/run` points
    /// TMPDIR at a folder it removes afterwards).
    public static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sipas-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fuzz.scratch) }
        return url
    }()

    /// Writes `bytes` to `scratch/name`, replacing the previous input. Plain POSIX calls:
    /// `Data.write(to:)` syncs the file to disk, which costs more than a whole run.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, name: String) -> URL {
        let url = scratch.appendingPathComponent(name)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("fuzz harness: cannot write \(url.path): errno \(errno)") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { fatalError("fuzz harness: cannot write \(url.path): errno \(errno)") }
            offset += written
        }
        return url
    }

    /// The shipped survey the tally and questionnaire readers are given: SIPAS_FUZZ_SURVEY, or
    /// Surveys/sipas-2017.yaml of the repository this file is in.
    public static let survey: Survey = {
        let path = ProcessInfo.processInfo.environment["SIPAS_FUZZ_SURVEY"]
            ?? URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Surveys/sipas-2017.yaml").path
        do {
            return try SurveyLoader.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            fatalError("fuzz harness: cannot load the survey \(path): \(error)")
        }
    }()

    /// Accepts a `FileProblems` that lists at least one problem, each with a message; anything
    /// else is a bug in the reader (an undocumented error type or an empty message).
    public static func expectFileProblems(_ error: any Error, from what: String) {
        guard let problems = error as? FileProblems else {
            fatalError("\(what) threw \(type(of: error)), not FileProblems: \(error)")
        }
        guard !problems.problems.isEmpty else { fatalError("\(what) threw FileProblems with no problem") }
        for problem in problems.problems where problem.message.isEmpty {
            fatalError("\(what) reported a problem without a message: \(problem)")
        }
    }

    /// Deterministic choices derived from the input, so a saved crash replays the same way.
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return h
    }
}
