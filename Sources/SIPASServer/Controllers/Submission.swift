import Foundation
import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

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
        do {
            return try JSONDecoder().decode(Strict.self, from: data).submission
        } catch let error as HTTPError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw HTTPError(.badRequest, message: "the body must be a JSON object")
        } catch {
            throw HTTPError(.badRequest, message: "the body is not valid JSON")
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
                throw HTTPError(.badRequest, message: "unknown field \(unknown); expected only \(fields.sorted().joined(separator: ", "))")
            }
            func text(_ name: String, required: Bool = true, max: Int = 200) throws -> String? {
                let key = Key(stringValue: name)
                guard body.contains(key), try !body.decodeNil(forKey: key) else {
                    if required { throw HTTPError(.badRequest, message: "\(name) is required") }
                    return nil
                }
                guard let string = try? body.decode(String.self, forKey: key) else { throw HTTPError(.badRequest, message: "\(name) must be a string") }
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
            let answersKey = Key(stringValue: "answers")
            guard body.contains(answersKey), let answers = try? body.nestedContainer(keyedBy: Key.self, forKey: answersKey) else {
                throw HTTPError(.badRequest, message: "answers is required: an object of item code → option code, e.g. {\"1.1\": \"5\"}")
            }
            // A number is not true/false: Codable tells them apart.
            var values: [String: String] = [:]
            for key in answers.allKeys {
                if let string = try? answers.decode(String.self, forKey: key), string.count <= 1000 { values[key.stringValue] = string }
                else if let number = try? answers.decode(Int.self, forKey: key) { values[key.stringValue] = String(number) }
                else if let list = try? answers.decode([String].self, forKey: key), list.count <= 64 { values[key.stringValue] = list.joined(separator: "|") }
                else {
                    throw HTTPError(.badRequest, message: "answers.\(key.stringValue) must be an option code (a string or a whole number) or a list of option codes")
                }
            }
            submission = Submission(clientID: clientID, survey: survey, unit: unit, date: date, channel: channel, answers: values)
        }
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
        let area = AccessPolicy.area(of: root, in: versions)
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
