import Foundation
import SIPASCore

/// One questionnaire from a kiosk or the portal, as JSON, read strictly: unknown fields and
/// wrong types are refused with the field's name and what was expected.
public struct Submission: Sendable {
    public var clientID: String
    public var survey: String
    public var unit: String
    public var date: String
    public var channel: String
    /// Item code → option code(s) as in a questionnaire file ("5", "yes", "a|c").
    public var answers: [String: String]

    /// The fields of the JSON object, in snake_case.
    public static let fields: Set<String> = ["client_id", "survey", "unit", "date", "channel", "answers"]

    /// Reads the JSON body; throws `SubmissionError` naming the first field that is wrong.
    public static func decode(_ data: Data) throws -> Submission {
        do {
            return try JSONDecoder().decode(Strict.self, from: data).submission
        } catch let error as SubmissionError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw SubmissionError.notAnObject
        } catch {
            throw SubmissionError.notJSON
        }
    }

    /// The body in one pass: every key looked at, each field's type checked, in the order
    /// the messages promise (unknown fields first, then client_id, survey, unit, date,
    /// channel, answers).
    private struct Strict: Decodable {
        var submission: Submission

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: Key.self)
            if let unknown = body.allKeys.map(\.stringValue).sorted().first(where: { !fields.contains($0) }) {
                throw SubmissionError.unknownField(unknown, expected: fields.sorted())
            }
            func text(_ name: String, required: Bool = true, max: Int = 200) throws -> String? {
                let key = Key(stringValue: name)
                guard body.contains(key), try !body.decodeNil(forKey: key) else {
                    if required { throw SubmissionError.missing(name) }
                    return nil
                }
                guard let string = try? body.decode(String.self, forKey: key) else { throw SubmissionError.notText(name) }
                guard !string.isEmpty, string.count <= max, !string.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                    throw SubmissionError.badText(name, maxLength: max)
                }
                return string
            }
            let clientID = try text("client_id", max: 100)!
            let survey = try text("survey", max: 64)!
            let unit = try text("unit", max: 64)!
            let date = try text("date", max: 10)!
            let channel = try text("channel", required: false, max: 16) ?? "web"
            let answersKey = Key(stringValue: "answers")
            guard body.contains(answersKey), let answers = try? body.nestedContainer(keyedBy: Key.self, forKey: answersKey) else {
                throw SubmissionError.missing("answers")
            }
            // A number is not true/false: Codable tells them apart.
            var values: [String: String] = [:]
            for key in answers.allKeys {
                if let string = try? answers.decode(String.self, forKey: key), string.count <= 1000 {
                    values[key.stringValue] = string
                } else if let number = try? answers.decode(Int.self, forKey: key) {
                    values[key.stringValue] = String(number)
                } else if let list = try? answers.decode([String].self, forKey: key), list.count <= 64 {
                    values[key.stringValue] = list.joined(separator: "|")
                } else {
                    throw SubmissionError.notAnAnswer(item: key.stringValue)
                }
            }
            submission = Submission(clientID: clientID, survey: survey, unit: unit, date: date, channel: channel, answers: values)
        }
    }
}
