import Foundation

/// Prints a report to PDF with a program installed on the machine: LibreOffice converts the
/// Word report (the state's format, paginated as Word would), or headless Chromium prints the
/// HTML report. No PDF library is among the packages sipas may use, and laying out Vietnamese
/// text and tables is what these programs do well.
public enum PDFPrinter {
    /// The program that prints.
    public enum Route: String, Sendable {
        /// `soffice --headless --convert-to pdf` on the DOCX.
        case libreOffice
        /// `chromium --headless --print-to-pdf` on the HTML.
        case chromium
    }

    static let libreOfficeNames = ["soffice", "libreoffice"]
    static let chromiumNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The route to use: LibreOffice when installed (the DOCX is the document that is signed and
    /// sent), else Chromium, else nil.
    public static var route: Route? {
        if program(libreOfficeNames) != nil { return .libreOffice }
        if program(chromiumNames) != nil { return .chromium }
        return nil
    }

    /// Whether HTML can be printed (Chromium is installed).
    public static var canPrintHTML: Bool { program(chromiumNames) != nil }

    /// The error when neither program is installed.
    public static var missing: PDFError {
        PDFError(
            "PDF needs LibreOffice (soffice) or Chromium (chromium), and neither is installed; install one, e.g. apt-get install libreoffice-writer"
        )
    }

    /// The first of `names` found on PATH.
    static func program(_ names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// The Word report converted by LibreOffice.
    public static func pdf(docx: [UInt8]) throws -> [UInt8] {
        guard let soffice = program(libreOfficeNames) else {
            throw PDFError(
                "PDF from the Word report needs LibreOffice (soffice), which is not installed; install it, e.g. apt-get install libreoffice-writer"
            )
        }
        return try inFolder { folder in
            let input = folder.appendingPathComponent("report.docx")
            try Data(docx).write(to: input)
            // Its own profile, so that conversions can run side by side and never touch the user's.
            let profile = folder.appendingPathComponent("profile")
            try run(
                soffice,
                [
                    "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", folder.path, input.path,
                ], in: folder)
            return folder.appendingPathComponent("report.pdf")
        }
    }

    /// An HTML document (the report, a poster) printed by headless Chromium (A4 unless its
    /// `@page` says otherwise, without the browser's header and footer); `what` names it in the
    /// error when Chromium is missing.
    public static func pdf(html: String, what: String = "the HTML report") throws -> [UInt8] {
        guard let chromium = program(chromiumNames) else {
            throw PDFError(
                "PDF from \(what) needs Chromium (chromium), which is not installed; install it, e.g. apt-get install chromium")
        }
        return try inFolder { folder in
            let input = folder.appendingPathComponent("report.html")
            try Data(html.utf8).write(to: input)
            let output = folder.appendingPathComponent("report.pdf")
            try run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                    "--print-to-pdf=\(output.path)", input.absoluteString,
                ], in: folder)
            return output
        }
    }

    /// Runs `body` in a fresh temporary folder and returns the bytes of the file it names.
    private static func inFolder(_ body: (URL) throws -> URL) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try body(folder)
        guard let data = FileManager.default.contents(atPath: output.path), data.starts(with: Array("%PDF".utf8)) else {
            throw PDFError("the PDF printer wrote no PDF")
        }
        return Array(data)
    }

    /// Runs a program with a time limit; its output goes to a log file read only on failure.
    private static func run(_ program: URL, _ arguments: [String], in folder: URL, timeout: TimeInterval = 180) throws {
        let log = folder.appendingPathComponent("printer.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw PDFError("\(log.path) cannot be created") }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw PDFError("\(program.path) cannot be started (\(error))")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw PDFError("\(program.lastPathComponent) did not finish printing the PDF within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw PDFError("\(program.lastPathComponent) failed with status \(process.terminationStatus): \(text.suffix(400))")
        }
    }
}
