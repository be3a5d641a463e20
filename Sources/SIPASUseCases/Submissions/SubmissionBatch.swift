import Foundation

/// Many questionnaires in one body (a kiosk flushing its queue): a JSON array of submission
/// objects, or JSON lines (one object a line). The body as a whole must be readable; each item
/// is then read like a single submission, and one that is not is refused alone.
public enum SubmissionBatch {
    /// At most this many questionnaires in one batch.
    public static let maxItems = 5_000
    /// At most this many bytes in one batch (a questionnaire is a few hundred).
    public static let maxBytes = 16 << 20

    public enum Format: Sendable {
        /// `[{…}, {…}]`
        case array
        /// `{…}\n{…}\n`; blank lines are skipped.
        case lines
    }

    /// One item as sent: its position (from 0, blank lines not counted), its client id when one
    /// can be read, and the submission or why it could not be read.
    public struct Item: Sendable {
        public var index: Int
        public var clientID: String?
        public var submission: Result<Submission, SubmissionError>
    }

    /// Splits and reads the body. Throws `SubmissionError.notJSON` or `.notAnArray` for a body
    /// that is not a JSON array, `.tooManyItems` beyond `maxItems`.
    public static func decode(_ data: Data, format: Format, maxItems: Int = maxItems) throws -> [Item] {
        let bytes = [UInt8](data)
        let ranges: [Range<Int>]
        switch format {
        case .array: ranges = try elements(of: bytes, data: data)
        case .lines: ranges = lines(of: bytes)
        }
        guard ranges.count <= maxItems else { throw SubmissionError.tooManyItems(ranges.count, limit: maxItems) }
        return ranges.enumerated().map { index, range in
            let element = Data(bytes[range])
            do {
                let submission = try Submission.decode(element)
                return Item(index: index, clientID: submission.clientID, submission: .success(submission))
            } catch let error as SubmissionError {
                return Item(index: index, clientID: clientID(in: element), submission: .failure(error))
            } catch {
                return Item(index: index, clientID: clientID(in: element), submission: .failure(.notJSON))
            }
        }
    }

    /// The `client_id` of an item that could not be read, when it is a string.
    static func clientID(in element: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: element)) as? [String: Any],
            let id = object["client_id"] as? String, !id.isEmpty
        else { return nil }
        return String(id.prefix(100))
    }

    /// The byte ranges of the non-blank lines.
    static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
            if bytes[start..<i].contains(where: { !isSpace($0) }) { ranges.append(start..<i) }
            start = i + 1
        }
        return ranges
    }

    /// The byte ranges of the elements of a JSON array, once the whole is known to be JSON.
    static func elements(of bytes: [UInt8], data: Data) throws -> [Range<Int>] {
        let whole: Any
        do { whole = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw SubmissionError.notJSON
        }
        guard whole is [Any], let open = bytes.firstIndex(of: UInt8(ascii: "[")) else { throw SubmissionError.notAnArray }
        var ranges: [Range<Int>] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int?
        for i in (open + 1)..<bytes.count {
            let byte = bytes[i]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                start = start ?? i
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                start = start ?? i
            case UInt8(ascii: "]") where depth == 0:
                if let start { ranges.append(start..<i) }
                return ranges
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                ranges.append((start ?? i)..<i)
                start = nil
            case _ where isSpace(byte):
                continue
            default:
                start = start ?? i
            }
        }
        throw SubmissionError.notJSON
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
