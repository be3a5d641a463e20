import Foundation
import SIPASStore

/// The programs that check printed QR codes independently of sipas: zbarimg (zbar-tools) reads
/// the code back, poppler's pdftoppm, pdftotext and pdfinfo look at the PDF. A test that needs
/// one is skipped when it is missing, except under `CI` (`PythonTool.isCI`), where it runs and
/// fails with the program's name.
public enum ImageTool {
    /// Whether every one of `programs` is on PATH.
    public static func has(_ programs: String...) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return programs.allSatisfy { program in
            path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
        }
    }

    /// What a tool failed at: the program and its words, or that it is not installed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `program` with `arguments` and returns its standard output; throws when it is not
    /// installed (naming the Debian package) or ends with another status than 0.
    public static func run(_ program: String, _ arguments: [String], package: String) throws -> String {
        guard has(program) else { throw Failure(description: "\(program) is not installed; apt-get install \(package)") }
        let result = try ChildProcess.run(["/usr/bin/env", program] + arguments, separateErrors: true)
        guard result.status == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// The text of the QR code (the only one) in the image at `url`, read by zbarimg.
    public static func decodeQR(_ url: URL) throws -> String {
        try run("zbarimg", ["--raw", "-q", url.path], package: "zbar-tools").trimmingCharacters(in: .newlines)
    }

    /// Page `page` of a PDF as a PNG at `dpi`, rendered by pdftoppm into `folder`.
    public static func png(pdf: URL, page: Int, dpi: Int = 150, in folder: URL) throws -> URL {
        let prefix = folder.appendingPathComponent("page-\(page)")
        _ = try run(
            "pdftoppm", ["-r", "\(dpi)", "-png", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf.path, prefix.path],
            package: "poppler-utils")
        return prefix.appendingPathExtension("png")
    }

    /// A grey image: one byte a pixel (0 black, 255 white), row after row.
    public struct GrayImage: Sendable {
        public let width: Int
        public let height: Int
        public let pixels: [UInt8]

        /// The pixel at (x, y); white outside the image.
        public func pixel(_ x: Int, _ y: Int) -> UInt8 {
            guard x >= 0, y >= 0, x < width, y < height else { return 255 }
            return pixels[y * width + x]
        }
    }

    /// Page `page` of a PDF in grey at `dpi`, rendered by pdftoppm as PGM. (PGM is read here by
    /// hand: a header of three numbers and the bytes, simpler than any library call.)
    public static func gray(pdf: URL, page: Int, dpi: Int, in folder: URL) throws -> GrayImage {
        let prefix = folder.appendingPathComponent("gray-\(page)")
        _ = try run(
            "pdftoppm", ["-r", "\(dpi)", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf.path, prefix.path],
            package: "poppler-utils")
        let data = [UInt8](try Data(contentsOf: prefix.appendingPathExtension("pgm")))
        // "P5" width height maxval, each followed by one whitespace byte; comments are not written by pdftoppm.
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 {
            while i < data.count, data[i] == 0x20 || data[i] == 0x0A || data[i] == 0x0D || data[i] == 0x09 { i += 1 }
            var value = 0
            while i < data.count, (0x30...0x39).contains(data[i]) {
                value = value * 10 + Int(data[i] - 0x30)
                i += 1
            }
            fields.append(value)
        }
        i += 1
        guard data.starts(with: Array("P5".utf8)), fields[2] == 255, data.count - i == fields[0] * fields[1] else {
            throw Failure(description: "pdftoppm wrote no 8-bit PGM for page \(page)")
        }
        return GrayImage(width: fields[0], height: fields[1], pixels: Array(data[i...]))
    }

    /// The number of pages of a PDF, from pdfinfo.
    public static func pageCount(_ pdf: URL) throws -> Int? {
        let info = try run("pdfinfo", [pdf.path], package: "poppler-utils")
        return info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
            Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
    }
}
