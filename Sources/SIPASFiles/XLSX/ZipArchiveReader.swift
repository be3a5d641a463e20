import Foundation
import ZIPFoundation

/// Reads a zip archive's central directory and extracts entries with hard limits.
///
/// ZIPFoundation's `Archive.extract` is not used for reading: on Linux (0.9.20) its zlib loop
/// never ends when a deflate stream runs out before its end marker (it keeps asking for more
/// input past the end of the file and gets empty chunks), so a corrupted workbook would hang
/// the program. Here the compressed bytes of an entry are fed to ZIPFoundation's
/// `Data.decompress` by a provider that stops at the entry's compressed size, the output is
/// counted against both the declared size and the caller's limit, and the CRC-32 is checked.
struct ZipArchiveReader: Sendable {
    let url: URL
    let fileSize: UInt64
    /// Entries by path, in the order of the central directory.
    let entries: [ZipEntryInfo]
    private let indexByPath: [String: Int]
    private let indexByLowercasedPath: [String: Int]

    /// The chunk size for reading and inflating.
    private static let chunkSize = 64 * 1024
    /// A central directory larger than this is treated as damage (real workbooks have a few KB).
    private static let maxCentralDirectorySize: UInt64 = 64 * 1024 * 1024

    /// Opens the archive and reads its central directory.
    /// - Throws: `XLSXError` when the file cannot be opened, is not a zip archive, or is damaged.
    init(url: URL) throws {
        self.url = url
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw XLSXError(Self.openFailure(url))
        }
        defer { try? handle.close() }

        let size: UInt64
        do { size = try handle.seekToEnd() } catch { throw XLSXError("the file cannot be read") }
        fileSize = size

        let head = try Self.read(handle, at: 0, count: Int(min(size, 8)))
        let tailLength = Int(min(size, 22 + 65_535))
        let tail = try Self.read(handle, at: size - UInt64(tailLength), count: tailLength)
        guard let eocd = Self.findEndOfCentralDirectory(in: tail) else {
            throw XLSXError(Self.notZipMessage(head: head))
        }
        let eocdOffset = size - UInt64(tailLength) + UInt64(eocd)

        var entryCount = UInt64(tail.uint16(at: eocd + 10))
        var directorySize = UInt64(tail.uint32(at: eocd + 12))
        var directoryOffset = UInt64(tail.uint32(at: eocd + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the real values are in the ZIP64 end of central directory record.
            guard eocdOffset >= 20 else { throw XLSXError(Self.damaged("its zip directory is incomplete")) }
            let locator = try Self.read(handle, at: eocdOffset - 20, count: 20)
            guard locator.count == 20, locator.uint32(at: 0) == 0x0706_4B50 else {
                throw XLSXError(Self.damaged("its zip directory is incomplete"))
            }
            let recordOffset = locator.uint64(at: 8)
            guard recordOffset < size else { throw XLSXError(Self.damaged("its zip directory is incomplete")) }
            let record = try Self.read(handle, at: recordOffset, count: 56)
            guard record.count == 56, record.uint32(at: 0) == 0x0606_4B50 else {
                throw XLSXError(Self.damaged("its zip directory is incomplete"))
            }
            entryCount = record.uint64(at: 32)
            directorySize = record.uint64(at: 40)
            directoryOffset = record.uint64(at: 48)
        }
        guard directoryOffset <= size, directorySize <= size - directoryOffset,
            directorySize <= Self.maxCentralDirectorySize, entryCount <= directorySize / 46
        else {
            throw XLSXError(Self.damaged("its zip directory points outside the file; it may not have been copied completely"))
        }
        let directory = try Self.read(handle, at: directoryOffset, count: Int(directorySize))
        guard directory.count == Int(directorySize) else {
            throw XLSXError(Self.damaged("its zip directory is incomplete"))
        }
        let parsed = try Self.parseCentralDirectory(directory, count: Int(entryCount))
        entries = parsed
        var byPath: [String: Int] = [:]
        var byLowercased: [String: Int] = [:]
        for (index, entry) in parsed.enumerated() {
            if byPath[entry.path] == nil { byPath[entry.path] = index }
            let lowered = entry.path.lowercased()
            if byLowercased[lowered] == nil { byLowercased[lowered] = index }
        }
        indexByPath = byPath
        indexByLowercasedPath = byLowercased
    }

    /// The entry with this path; OPC part names are case-insensitive, so case is ignored as
    /// a fallback.
    func entry(_ path: String) -> ZipEntryInfo? {
        let path = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if let index = indexByPath[path] ?? indexByLowercasedPath[path.lowercased()] {
            return entries[index]
        }
        return nil
    }

    /// Extracts an entry into memory.
    /// - Parameters:
    ///   - part: what the entry is, for messages ("worksheet 'Sheet1'").
    ///   - limit: the most bytes the entry may unpack to.
    func data(of entry: ZipEntryInfo, part: String, limit: Int) throws -> Data {
        var result = Data()
        try extract(entry, part: part, limit: limit) { result.append($0) }
        return result
    }

    /// Extracts an entry into a new file at `destination`.
    func extract(_ entry: ZipEntryInfo, part: String, limit: Int, to destination: URL) throws {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
            let output = try? FileHandle(forWritingTo: destination)
        else {
            throw XLSXError("a temporary file cannot be created in \(destination.deletingLastPathComponent().path)")
        }
        defer { try? output.close() }
        try extract(entry, part: part, limit: limit) { chunk in
            do {
                try output.write(contentsOf: chunk)
            } catch {
                throw XLSXError("the temporary file \(destination.path) cannot be written (is the disk full?)")
            }
        }
    }

    /// Streams the uncompressed bytes of an entry to `consumer` in chunks.
    ///
    /// Fails before reading anything when the declared size exceeds `limit`, and while reading
    /// as soon as the bytes actually produced exceed the declared size or `limit`.
    func extract(_ entry: ZipEntryInfo, part: String, limit: Int, consumer: (Data) throws -> Void) throws {
        let tooLarge = "\(part) is larger than the \(Self.describe(bytes: limit)) limit when uncompressed"
        guard !entry.isEncrypted else {
            throw XLSXError("\(part) is encrypted; save the workbook without a password and try again")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw XLSXError(
                "\(part) is compressed with a method (\(entry.method)) this program cannot read; "
                    + "open the workbook in Excel or LibreOffice and save it again as .xlsx")
        }
        guard entry.uncompressedSize <= UInt64(max(limit, 0)) else { throw XLSXError(tooLarge) }

        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw XLSXError(Self.openFailure(url)) }
        defer { try? handle.close() }

        let incomplete = Self.damaged("\(part) is incomplete; the file may not have been copied completely")
        guard entry.localHeaderOffset <= fileSize else { throw XLSXError(incomplete) }
        let header = try Self.read(handle, at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, header.uint32(at: 0) == 0x0403_4B50 else {
            throw XLSXError(Self.damaged("\(part) cannot be found where the zip directory says it is"))
        }
        let dataStart = entry.localHeaderOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
        guard dataStart <= fileSize, entry.compressedSize <= fileSize - dataStart else {
            throw XLSXError(incomplete)
        }
        try handle.seek(toOffset: dataStart)

        var produced: UInt64 = 0
        let declared = entry.uncompressedSize
        func counting(_ chunk: Data) throws {
            produced += UInt64(chunk.count)
            if produced > UInt64(limit) { throw XLSXError(tooLarge) }
            if produced > declared {
                throw XLSXError(
                    Self.damaged(
                        "\(part) unpacks to more than the \(declared) bytes "
                            + "its zip directory declares (a damaged file or a zip bomb)"))
            }
            if !chunk.isEmpty { try consumer(chunk) }
        }

        let checksum: UInt32
        if entry.method == 0 {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw XLSXError(Self.damaged("\(part) has inconsistent sizes in the zip directory"))
            }
            var remaining = entry.compressedSize
            var crc: UInt32 = 0
            while remaining > 0 {
                let chunk = try Self.read(handle, count: Int(min(remaining, UInt64(Self.chunkSize))))
                guard !chunk.isEmpty else { throw XLSXError(incomplete) }
                remaining -= UInt64(chunk.count)
                crc = chunk.crc32(checksum: crc)
                try counting(chunk)
            }
            checksum = crc
        } else {
            let compressedSize = entry.compressedSize
            let chunkSize = Self.chunkSize
            do {
                checksum = try Data.decompress(
                    size: Int64(compressedSize), bufferSize: chunkSize, skipCRC32: false,
                    provider: { position, size in
                        // The decoder asks for more only while the stream has not ended; past the
                        // entry's compressed bytes that means the stream is truncated.
                        guard position >= 0, UInt64(position) < compressedSize else {
                            throw XLSXError(incomplete)
                        }
                        let wanted = Int(min(UInt64(size), compressedSize - UInt64(position)))
                        var chunk = try Self.read(handle, count: wanted)
                        guard chunk.count == wanted else { throw XLSXError(incomplete) }
                        // ZIPFoundation's zlib decoder always declares `size` bytes of input, so
                        // the chunk must really be that long; zero padding past the entry's end
                        // is never read when the stream is intact.
                        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                        return chunk
                    },
                    consumer: counting)
            } catch let error as XLSXError {
                throw error
            } catch {
                throw XLSXError(Self.damaged("\(part) cannot be decompressed"))
            }
        }
        guard produced == declared else {
            throw XLSXError(Self.damaged("\(part) unpacks to \(produced) bytes but its zip directory declares \(declared)"))
        }
        guard checksum == entry.crc32 else {
            throw XLSXError(Self.damaged("\(part) fails its checksum"))
        }
    }

    // MARK: - Messages

    /// "the file is damaged: ..." with the given detail.
    static func damaged(_ detail: String) -> String {
        "the file is damaged: \(detail)"
    }

    /// 512 MiB → "512 MB"; other sizes in KB or bytes.
    static func describe(bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        if bytes >= mebibyte && bytes % mebibyte == 0 { return "\(bytes / mebibyte) MB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }

    private static func openFailure(_ url: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            return "the file \(url.path) does not exist"
        }
        if isDirectory.boolValue { return "\(url.path) is a folder, not a workbook file" }
        return "the file \(url.path) cannot be opened (check its permissions)"
    }

    private static func notZipMessage(head: Data) -> String {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if head.count >= 8, Array(head.prefix(8)) == ole {
            return "the file is an Excel 97-2003 workbook (.xls) or a password-protected workbook; "
                + "open it in Excel or LibreOffice and save it as .xlsx without a password"
        }
        if head.count >= 4, head.uint32(at: 0) == 0x0403_4B50 {
            return damaged("the end of its zip archive is missing; it may not have been copied or downloaded completely")
        }
        return "the file is not a valid XLSX workbook (not a zip archive)"
    }

    // MARK: - Parsing

    /// The offset of the end of central directory record in `tail`, searching from the end.
    private static func findEndOfCentralDirectory(in tail: Data) -> Int? {
        guard tail.count >= 22 else { return nil }
        var index = tail.count - 22
        while index >= 0 {
            if tail.uint32(at: index) == 0x0605_4B50 { return index }
            index -= 1
        }
        return nil
    }

    private static func parseCentralDirectory(_ directory: Data, count: Int) throws -> [ZipEntryInfo] {
        var entries: [ZipEntryInfo] = []
        entries.reserveCapacity(count)
        var offset = 0
        let broken = XLSXError(damaged("its zip directory is corrupted"))
        for _ in 0..<count {
            guard offset + 46 <= directory.count, directory.uint32(at: offset) == 0x0201_4B50 else { throw broken }
            let flags = directory.uint16(at: offset + 8)
            let method = directory.uint16(at: offset + 10)
            let crc = directory.uint32(at: offset + 16)
            var compressed = UInt64(directory.uint32(at: offset + 20))
            var uncompressed = UInt64(directory.uint32(at: offset + 24))
            let nameLength = Int(directory.uint16(at: offset + 28))
            let extraLength = Int(directory.uint16(at: offset + 30))
            let commentLength = Int(directory.uint16(at: offset + 32))
            var localOffset = UInt64(directory.uint32(at: offset + 42))
            let nameStart = offset + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directory.count else { throw broken }

            let base = directory.startIndex
            let nameBytes = directory[(base + nameStart)..<(base + extraStart)]
            var path = String(decoding: nameBytes, as: UTF8.self)
            path = path.replacingOccurrences(of: "\\", with: "/")
            while path.hasPrefix("/") { path.removeFirst() }

            // ZIP64 extended information: 8-byte values for the fields that hold 0xFFFFFFFF.
            var extra = extraStart
            while extra + 4 <= extraStart + extraLength {
                let id = directory.uint16(at: extra)
                let size = Int(directory.uint16(at: extra + 2))
                let fieldEnd = extra + 4 + size
                guard fieldEnd <= extraStart + extraLength else { break }
                if id == 0x0001 {
                    var cursor = extra + 4
                    if uncompressed == 0xFFFF_FFFF, cursor + 8 <= fieldEnd {
                        uncompressed = directory.uint64(at: cursor)
                        cursor += 8
                    }
                    if compressed == 0xFFFF_FFFF, cursor + 8 <= fieldEnd {
                        compressed = directory.uint64(at: cursor)
                        cursor += 8
                    }
                    if localOffset == 0xFFFF_FFFF, cursor + 8 <= fieldEnd {
                        localOffset = directory.uint64(at: cursor)
                    }
                }
                extra = fieldEnd
            }
            entries.append(
                ZipEntryInfo(
                    path: path, flags: flags, method: method, crc32: crc,
                    compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            offset = next
        }
        return entries
    }

    // MARK: - File access

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws -> Data {
        do {
            try handle.seek(toOffset: offset)
        } catch {
            throw XLSXError("the file cannot be read")
        }
        return try read(handle, count: count)
    }

    private static func read(_ handle: FileHandle, count: Int) throws -> Data {
        guard count > 0 else { return Data() }
        do {
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw XLSXError("the file cannot be read")
        }
    }
}
