import Foundation
import Hummingbird
import MultipartKit
import SIPASUseCases

/// An upload's body written to disk once, as it arrives, in a folder of its own that is removed
/// when `receive`'s body returns or throws (and when the client goes away mid-body). A raw body
/// goes straight into the file; a `multipart/form-data` body is parsed as it streams
/// (MultipartKit's parser keeps its state between chunks): the part `file` is written to the
/// file, the other parts are small fields. No more than a chunk of the file is in memory.
struct ReceivedUpload {
    struct File {
        /// The name the sender gave (made safe): the file is stored under it, so that its
        /// extension tells CSV from XLSX, and problems name it.
        var name: String
        var url: URL
        var byteCount: Int
    }

    var fields: [String: String] = [:]
    var file: File?

    /// Room for a multipart body's boundaries, part headers and fields beside its file.
    static let formOverhead = 64 * 1024

    /// Receives the body of `request` into a new folder of `parent` and runs `body` with it.
    /// A raw body (any type but a form) is the file itself, named `rawName`; without `rawName`
    /// (the web form) only forms are taken. Over `maxBytes` of file the answer is 413.
    static func receive<T>(
        _ request: Request, in parent: URL, maxBytes: Int, rawName: String?, _ body: (ReceivedUpload) async throws -> T
    ) async throws -> T {
        let folder = parent.appendingPathComponent("sipas-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let contentType = request.headers[.contentType] ?? ""
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch media {
        case "multipart/form-data":
            guard let boundary = FormData.parameter("boundary", of: contentType), !boundary.isEmpty, boundary.count <= 200 else {
                throw HTTPError(.badRequest, message: "multipart/form-data needs a boundary parameter in its Content-Type")
            }
            return try await body(multipart(request, boundary: boundary, folder: folder, maxBytes: maxBytes))
        case _ where rawName != nil:
            let name = FileName.safe(rawName ?? "")
            let url = folder.appendingPathComponent(name)
            let writer = try FileWriter(url)
            defer { writer.close() }
            for try await chunk in request.body {
                guard writer.count + chunk.readableBytes <= maxBytes else { throw UploadRefused.tooLarge(limitBytes: maxBytes) }
                try writer.write(chunk)
            }
            return try await body(ReceivedUpload(file: File(name: name, url: url, byteCount: writer.count)))
        case "application/x-www-form-urlencoded":
            return try await body(ReceivedUpload(fields: try await FormData.parse(request, limit: formOverhead).fields))
        default:
            throw HTTPError(
                .unsupportedMediaType,
                message: "send the form as multipart/form-data, not \(media.isEmpty ? "a body without Content-Type" : media)")
        }
    }

    /// Parses a multipart body chunk by chunk as it arrives.
    static func multipart(_ request: Request, boundary: String, folder: URL, maxBytes: Int) async throws -> ReceivedUpload {
        let sink = MultipartSink(folder: folder)
        defer { sink.close() }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in sink.headers[name.lowercased()] = value }
        parser.onBody = { buffer in sink.body(&buffer) }
        parser.onPartComplete = { sink.complete() }
        var received = 0
        for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= maxBytes + formOverhead else { throw UploadRefused.tooLarge(limitBytes: maxBytes) }
            do {
                try parser.execute(chunk)
            } catch {
                throw HTTPError(.badRequest, message: "the multipart body is malformed (\(error)); send it as a browser or curl -F does")
            }
            if let failure = sink.failure { throw failure }
            if sink.fieldBytes > formOverhead {
                throw HTTPError(.contentTooLarge, message: "the form's fields are larger than \(formOverhead / 1024) KB")
            }
        }
        try FormData.checkEnd(problem: sink.problem, parts: sink.completed, boundary: boundary)
        return ReceivedUpload(fields: sink.fields, file: sink.file)
    }
}

/// Where a multipart body's parts go as the parser finds them: the part `file` (with a file
/// name) to disk, the others (without one) to fields; other file parts are skipped.
private final class MultipartSink {
    enum Target {
        case field(String, ByteBuffer)
        case file(ReceivedUpload.File, FileWriter)
        case skip
    }

    let folder: URL
    var headers: [String: String] = [:]
    var target: Target?
    var fields: [String: String] = [:]
    var file: ReceivedUpload.File?
    var parts = 0
    var completed = 0
    var fieldBytes = 0
    var problem: String?
    var failure: (any Error)?

    init(folder: URL) { self.folder = folder }

    func body(_ buffer: inout ByteBuffer) {
        if target == nil { begin() }
        switch target {
        case .field(let name, var data):
            fieldBytes += buffer.readableBytes
            data.writeBuffer(&buffer)
            target = .field(name, data)
        case .file(_, let writer):
            guard failure == nil else { return }
            do { try writer.write(buffer) } catch { failure = error }
        case .skip, nil:
            break
        }
    }

    func begin() {
        parts += 1
        guard let disposition = headers["content-disposition"], let name = FormData.parameter("name", of: disposition) else {
            problem = problem ?? "part \(parts) has no Content-Disposition with a name"
            target = .skip
            return
        }
        guard let fileName = FormData.parameter("filename", of: disposition) else {
            target = .field(name, ByteBuffer())
            return
        }
        guard name == "file" else {
            target = .skip
            return
        }
        // A later part `file` replaces an earlier one, as a form's last value would.
        if let earlier = file { try? FileManager.default.removeItem(at: earlier.url) }
        let safe = FileName.safe(fileName)
        let url = folder.appendingPathComponent(safe)
        do {
            target = .file(ReceivedUpload.File(name: safe, url: url, byteCount: 0), try FileWriter(url))
        } catch {
            failure = error
            target = .skip
        }
    }

    func complete() {
        if target == nil { begin() }
        completed += 1
        switch target {
        case .field(let name, let data):
            if fields[name] == nil { fields[name] = String(buffer: data) }
        case .file(var received, let writer):
            writer.close()
            received.byteCount = writer.count
            file = received
        case .skip, nil:
            break
        }
        headers = [:]
        target = nil
    }

    func close() {
        if case .file(_, let writer) = target { writer.close() }
    }
}

/// Appends bytes to a new file.
final class FileWriter {
    private let handle: FileHandle
    private(set) var count = 0
    private var closed = false

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        count += buffer.readableBytes
    }

    func close() {
        guard !closed else { return }
        closed = true
        try? handle.close()
    }

    deinit { close() }
}
