/// One file inside a zip archive, as its central directory describes it.
struct ZipEntryInfo: Sendable, Equatable {
    /// The path inside the archive, with "/" separators and no leading "/".
    var path: String
    /// General purpose bit flags; bit 0 means encrypted.
    var flags: UInt16
    /// 0 = stored, 8 = deflate; anything else is not supported.
    var method: UInt16
    var crc32: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    var localHeaderOffset: UInt64

    var isEncrypted: Bool { flags & 1 != 0 }
}
