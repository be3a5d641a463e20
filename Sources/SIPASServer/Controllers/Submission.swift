import Foundation
import Hummingbird
import SIPASCore
import SIPASStore

/// The JSON body of `POST /api/submissions`, read strictly: unknown fields and wrong types are
/// refused with the field's name and what was expected.
struct Submission: Sendable {
    var clientID: String
    var survey: String
    var unit: String
    var date: String
    var channel: String
    /// Item code → option code(s) as in a questionnaire file ("5", "yes", "a|c").
    var answers: [String: String]

    static let fields: Set<String> = ["client_id", "survey", "unit", "date", "channel", "answers"]

    static func decode(_ data: Data) throws -> Submission {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw HTTPError(.badRequest, message: "the body is not valid JSON")
        }
        guard let body = object as? [String: Any] else { throw HTTPError(.badRequest, message: "the body must be a JSON object") }
        if let unknown = body.keys.sorted().first(where: { !fields.contains($0) }) {
            throw HTTPError(.badRequest, message: "unknown field \(unknown); expected only \(fields.sorted().joined(separator: ", "))")
        }
        func text(_ name: String, required: Bool = true, max: Int = 200) throws -> String? {
            guard let value = body[name], !(value is NSNull) else {
                if required { throw HTTPError(.badRequest, message: "\(name) is required") }
                return nil
            }
            guard let string = value as? String, !(value is NSNumber) else { throw HTTPError(.badRequest, message: "\(name) must be a string") }
            guard !string.isEmpty, string.count <= max, !string.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw HTTPError(.badRequest, message: "\(name) must be 1–\(max) characters without control characters")
            }
            return string
        }
        let clientID = try text("client_id", max: 100)!
        let survey = try text("survey", max: 64)!
        let unit = try text("unit", max: 64)!
        let date = try text("date", max: 10)!
        let channel = try text("channel", required: false, max: 16) ?? "web"
        guard body["answers"] is [String: Any] else {
            throw HTTPError(.badRequest, message: "answers is required: an object of item code → option code, e.g. {\"1.1\": \"5\"}")
        }
        // The answers' values through Codable, which tells a number from true/false.
        struct Answers: Decodable { var answers: [String: Value] }
        enum Value: Decodable {
            case text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let string = try? container.decode(String.self), string.count <= 1000 { self = .text(string) }
                else if let number = try? container.decode(Int.self) { self = .text(String(number)) }
                else if let list = try? container.decode([String].self), list.count <= 64 { self = .text(list.joined(separator: "|")) }
                else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an option code") }
            }
        }
        var answers: [String: String] = [:]
        do {
            for (code, value) in try JSONDecoder().decode(Answers.self, from: data).answers {
                if case let .text(text) = value { answers[code] = text }
            }
        } catch let DecodingError.dataCorrupted(context) {
            let code = context.codingPath.last?.stringValue ?? "?"
            throw HTTPError(.badRequest, message: "answers.\(code) must be an option code (a string or a whole number) or a list of option codes")
        } catch {
            throw HTTPError(.badRequest, message: "answers must map item codes to option codes (strings, whole numbers or lists of strings)")
        }
        return Submission(clientID: clientID, survey: survey, unit: unit, date: date, channel: channel, answers: answers)
    }
}

/// Surveys and the unit directory change rarely; single submissions arrive often. Both are
/// kept for a short while instead of being read for every questionnaire.
actor ReferenceCache {
    private var surveys: [String: (id: Int, survey: Survey, at: ContinuousClock.Instant)] = [:]
    private var directory: (UnitDirectory, versions: [UnitVersion], at: ContinuousClock.Instant)?
    private var areas: [String: Set<String>] = [:]
    private var checkers: [String: Checker] = [:]
    let lifetime: Duration = .seconds(60)

    /// What checks one survey's submissions, made once: a fresh validator (copied for each
    /// questionnaire) and the survey's item codes.
    struct Checker: Sendable {
        var surveyID: Int
        var survey: Survey
        var itemCodes: Set<String>
        var validator: QuestionnaireValidator
        var today: CalendarDate
        var directoryAt: ContinuousClock.Instant
    }

    func checker(survey code: String, db: Database) async throws -> Checker {
        let (id, survey) = try await self.survey(code, db: db)
        let (units, _) = try await current(db)
        let directoryAt = directory!.at, today = CalendarDate.today()
        if let hit = checkers[code], hit.surveyID == id, hit.today == today, hit.directoryAt == directoryAt { return hit }
        let fresh = Checker(
            surveyID: id, survey: survey, itemCodes: Set(survey.allItems.map(\.code)),
            validator: QuestionnaireValidator(survey: survey, units: units, today: today, file: "submission"),
            today: today, directoryAt: directoryAt)
        checkers[code] = fresh
        return fresh
    }

    func survey(_ code: String, db: Database) async throws -> (Int, Survey) {
        let now = ContinuousClock.now
        if let hit = surveys[code], now - hit.at < lifetime { return (hit.id, hit.survey) }
        let (id, survey) = try await SurveyStore(db).get(code: code)
        surveys[code] = (id, survey, now)
        return (id, survey)
    }

    func units(db: Database) async throws -> UnitDirectory {
        try await current(db).0
    }

    /// An uploader's area (its unit and the units below it), from the same kept unit list.
    func area(of root: String, db: Database) async throws -> Set<String> {
        let versions = try await current(db).versions
        if let hit = areas[root] { return hit }
        let area = Access.area(of: root, in: versions)
        areas[root] = area
        return area
    }

    private func current(_ db: Database) async throws -> (UnitDirectory, versions: [UnitVersion]) {
        let now = ContinuousClock.now
        if let hit = directory, now - hit.at < lifetime { return (hit.0, hit.versions) }
        let versions = try await UnitStore(db).allVersions()
        let fresh = UnitDirectory(versions)
        directory = (fresh, versions, now)
        areas = [:]
        return (fresh, versions)
    }
}
