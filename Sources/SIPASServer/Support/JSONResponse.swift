import Foundation
import Hummingbird

extension JSONEncoder {
    /// The encoder of every JSON answer of the API, success or error: keys sorted, slashes
    /// unescaped, times in ISO 8601. `AppContext` hands it to Hummingbird for the routes that
    /// return a `ResponseEncodable`; `Response.json` uses it for the others.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension Response {
    /// An `Encodable` body as JSON with `status`, for answers whose status is not 200 or that
    /// are written outside a route's return value (errors, health).
    static func json(_ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder.api.encode(body))))
    }
}
