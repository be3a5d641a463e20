import Foundation
import Hummingbird
import SIPASCore

extension JSONEncoder {
    /// The encoder of every JSON answer of the API, success or error: keys sorted, slashes
    /// unescaped, times as ISO 8601 strings in Vietnam time with their offset and milliseconds
    /// (`2021-03-05T17:00:00.123+07:00`). `AppContext` hands it to Hummingbird for the routes
    /// that return a `ResponseEncodable`; `Response.json` uses it for the others.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(APITime.style))
        }
        return encoder
    }
}

/// Times in the API: written in Vietnam time with the offset, read in any offset.
enum APITime {
    static let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, includingFractionalSeconds: true, timeZone: VietnamTime.zone)

    /// An RFC 3339 date-time (`2021-03-01T00:00:00Z`, `2021-03-01T07:00:00.5+07:00`), or nil.
    static func parse(_ text: String) -> Date? {
        let text = text.uppercased()
        return (try? style.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

extension Response {
    /// An `Encodable` body as JSON with `status`, for answers whose status is not 200 or that
    /// are written outside a route's return value (health, receipts).
    static func json(_ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder.api.encode(body))))
    }
}
