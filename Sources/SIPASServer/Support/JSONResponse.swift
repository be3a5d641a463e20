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

    /// An RFC 3339 date-time (`2021-03-01T00:00:00Z`, `2021-03-01T07:00:00.5+07:00`), any year
    /// and any offset the grammar allows; nil for anything else. (Foundation's ISO 8601 parser
    /// refuses offsets beyond ±18 hours, which RFC 3339 allows.)
    static func parse(_ text: String) -> Date? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$"#
        guard let match = text.wholeMatch(of: try! Regex(pattern)) else { return nil }
        func number(_ index: Int) -> Int? { match.output[index].substring.flatMap { Int($0) } }
        guard let year = number(1), let month = number(2), let day = number(3), let hour = number(4), let minute = number(5),
            let second = number(6), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var offset = 0
        if let sign = match.output[9].substring, let hours = number(10), let minutes = number(11) {
            guard hours < 24, minutes < 60 else { return nil }
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day)
        guard let start = calendar.date(from: components), calendar.component(.day, from: start) == day else { return nil }
        let fraction = match.output[7].substring.flatMap { Double("0" + $0) } ?? 0
        return start.addingTimeInterval(Double(hour * 3600 + minute * 60 + second - offset) + fraction)
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
