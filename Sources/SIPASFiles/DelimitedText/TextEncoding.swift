import Foundation

/// Encodings clerks' files come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1258 = "windows-1258"

    /// Parses a user's `--encoding` value: utf-8, utf8, utf-16 (BOM decides, else LE), utf-16le,
    /// utf-16be, windows-1258, cp1258, 1258 (case-insensitive, surrounding spaces ignored).
    ///
    /// "utf-16" yields ``utf16LE``; ``DelimitedFileReader`` lets a UTF-16 byte-order mark in the
    /// file override the byte order of any UTF-16 encoding it is given.
    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16", "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1258", "windows1258", "cp1258", "cp-1258", "1258": self = .windows1258
        default: return nil
        }
    }

    /// True for the two UTF-16 byte orders.
    var isUTF16: Bool { self == .utf16LE || self == .utf16BE }
}
