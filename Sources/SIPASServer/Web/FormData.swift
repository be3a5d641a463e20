import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import SIPASUseCases

/// The fields and files of a form post: `application/x-www-form-urlencoded` or
/// `multipart/form-data`. Anything else, a body over the limit or a malformed body is a 4xx.
struct FormData: Sendable {
    struct File: Sendable {
        var fileName: String
        var contentType: String
        var bytes: ByteBuffer
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    subscript(_ name: String) -> String? { fields[name] }

    /// Reads the request's body as a form, up to `limit` bytes of body.
    static func parse(_ request: Request, limit: Int) async throws -> FormData {
        let contentType = request.headers[.contentType] ?? ""
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the upload is larger than the limit of \(limit / 1_048_576) MB")
        }
        switch media {
        case "application/x-www-form-urlencoded":
            return FormData(fields: urlEncoded(String(buffer: body)))
        case "multipart/form-data":
            guard let boundary = parameter("boundary", of: contentType), !boundary.isEmpty, boundary.count <= 200 else {
                throw HTTPError(.badRequest, message: "multipart/form-data needs a boundary parameter in its Content-Type")
            }
            return try multipart(body, boundary: boundary)
        default:
            throw HTTPError(
                .unsupportedMediaType,
                message:
                    "send the form as multipart/form-data or application/x-www-form-urlencoded, not \(media.isEmpty ? "a body without Content-Type" : media)"
            )
        }
    }

    /// `a=1&b=x+y` → ["a": "1", "b": "x y"]; the first value of a repeated name wins.
    static func urlEncoded(_ text: String) -> [String: String] {
        urlEncodedValues(text).compactMapValues(\.first)
    }

    /// Every value of every name, in order (check boxes repeat their name).
    static func urlEncodedValues(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }

    /// A parameter of a header value: `multipart/form-data; boundary=xyz` → xyz.
    static func parameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func multipart(_ body: ByteBuffer, boundary: String) throws -> FormData {
        final class Collector {
            var form = FormData()
            var headers: [String: String] = [:]
            var data = ByteBuffer()
            var parts = 0
            var problem: String?

            func complete() {
                parts += 1
                guard let disposition = headers["content-disposition"], let name = FormData.parameter("name", of: disposition) else {
                    problem = "part \(parts) has no Content-Disposition with a name"
                    return
                }
                if let fileName = FormData.parameter("filename", of: disposition) {
                    form.files[name] = File(
                        fileName: fileName, contentType: headers["content-type"] ?? "application/octet-stream", bytes: data)
                } else if form.fields[name] == nil {
                    form.fields[name] = String(buffer: data)
                }
                headers = [:]
                data = ByteBuffer()
            }
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers[name.lowercased()] = value }
        parser.onBody = { buffer in collector.data.writeBuffer(&buffer) }
        parser.onPartComplete = { collector.complete() }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "the multipart body is malformed (\(error)); send it as a browser or curl -F does")
        }
        try checkEnd(problem: collector.problem, parts: collector.parts, boundary: boundary)
        return collector.form
    }

    /// After the whole body: a part without a name, or no complete part, is a malformed body.
    static func checkEnd(problem: String?, parts: Int, boundary: String) throws {
        if let problem { throw HTTPError(.badRequest, message: "the multipart body is malformed: \(problem)") }
        guard parts > 0 else {
            throw HTTPError(
                .badRequest,
                message: "the multipart body has no complete part; is its boundary \"\(boundary)\" and does it end with --\(boundary)--?")
        }
    }
}
