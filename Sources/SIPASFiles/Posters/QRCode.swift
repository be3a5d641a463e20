import CQRencode
import Foundation

/// A QR code (ISO/IEC 18004) of a text, encoded by libqrencode: its modules, and the code drawn
/// as SVG. The encoding (modes, Reed–Solomon blocks, masks) is the library's; this type only
/// reads the matrix it returns and draws it.
public struct QRCode: Sendable, Equatable {
    /// How much of the code may be damaged (a smudge, a fold, a sticker) and still be read.
    public enum Correction: Sendable, CaseIterable {
        /// About 7 %.
        case low
        /// About 15 %.
        case medium
        /// About 25 %: the posters' level, for codes printed on paper and taped to a wall.
        case quartile
        /// About 30 %.
        case high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// The modules per side (21 for version 1, 4 more per version).
    public let size: Int
    /// The symbol's version (1–40).
    public let version: Int
    /// The modules row by row, `true` for dark.
    public let modules: [Bool]

    /// The quiet zone the standard asks for around the code, in modules.
    public static let quietZone = 4

    /// Encodes `text` (UTF-8, byte mode) in the smallest version that holds it.
    public init(_ text: String, correction: Correction = .quartile) throws {
        guard !text.isEmpty, !text.utf8.contains(0) else { throw QRCodeError.unencodable(text) }
        guard let code = QRcode_encodeString8bit(text, 0, correction.level) else {
            throw errno == ERANGE ? QRCodeError.tooLong(bytes: text.utf8.count) : QRCodeError.unencodable(text)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour; the other bits say what the module is for.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
        size = width
        version = Int(code.pointee.version)
    }

    /// Whether the module in column `x`, row `y` is dark.
    public subscript(x x: Int, y y: Int) -> Bool { modules[y * size + x] }

    /// The code as an SVG element `side` wide and high (a CSS length such as `10cm`), quiet zone
    /// included: one path whose squares are the dark modules, a horizontal run at a time.
    public func svg(side: String) -> String {
        let total = size + 2 * Self.quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x: x, y: y] else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < size, self[x: x + run, y: y] { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(total) \(total)" \
            shape-rendering="crispEdges"><rect width="\(total)" height="\(total)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}

/// A text that cannot become a QR code.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Longer than the largest code holds at the chosen correction level.
    case tooLong(bytes: Int)
    /// Empty, or holding a NUL character.
    case unencodable(String)

    public var description: String {
        switch self {
        case .tooLong(let bytes): "a text of \(bytes) bytes is too long for a QR code; use a shorter address"
        case .unencodable(let text): "\"\(text)\" cannot be encoded as a QR code (empty, or holding a NUL character)"
        }
    }
}
