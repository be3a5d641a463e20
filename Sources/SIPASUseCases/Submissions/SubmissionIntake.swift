import Foundation
import SIPASCore
import SIPASStore

/// One questionnaire from a kiosk or the portal: read strictly, dated within the submission
/// window, validated like a row of a questionnaire file, limited to an uploader's area, and
/// stored with a single insert; a retry of its client id changes nothing.
public struct SubmissionIntake: Sendable {
    public let db: Database
    public let cache: ReferenceCache
    /// The dates accepted (files imported by clerks are not limited by it).
    public let window: SubmissionWindow
    /// Today's date in Vietnam; tests fix it.
    public let today: @Sendable () -> CalendarDate

    public init(
        db: Database, cache: ReferenceCache, window: SubmissionWindow = .standard,
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.db = db
        self.cache = cache
        self.window = window
        self.today = today
    }

    /// What became of a submission: its client id and whether it was stored now or before.
    public struct Receipt: Sendable, Equatable {
        public var clientID: String
        public var outcome: SubmissionStore.Outcome
    }

    /// Reads, checks and stores the JSON `body`. Throws `SubmissionError` for a malformed body
    /// or a date outside the window, `FileProblems` for answers that do not fit the survey,
    /// `AccessDenied` for a unit outside an uploader's area.
    public func submit(_ body: Data, user: AuthUser) async throws -> Receipt {
        try AccessPolicy.requireSubmit(user)
        return try await submit(try Submission.decode(body), user: user)
    }

    /// Checks and stores a questionnaire already read (the JSON body's, or a public form's,
    /// with what the form knows of where it came from).
    func submit(_ submission: Submission, user: AuthUser, provenance: SubmissionStore.Provenance = .trusted) async throws -> Receipt {
        try AccessPolicy.requireSubmit(user)
        let (questionnaire, surveyID) = try await check(submission, user: user, today: today())
        let outcome = try await SubmissionStore(db).submit(
            questionnaire, clientID: submission.clientID, surveyID: surveyID, submittedBy: user.username, provenance: provenance)
        return Receipt(clientID: submission.clientID, outcome: outcome)
    }

    /// A questionnaire checked like a row of a questionnaire file, dated within the window and
    /// of the account's area: what to store, and its survey's id.
    func check(_ submission: Submission, user: AuthUser, today: CalendarDate) async throws -> (Questionnaire, surveyID: Int) {
        let latest = window.latest(today: today)
        // A date that is no date is left to the validator, which says so like for a file's row.
        if let date = QuestionnaireValidator.date(submission.date), !window.contains(date, today: today) {
            throw SubmissionError.dateOutsideWindow(date, earliest: window.earliest(today: today), latest: latest, today: today)
        }
        let checker = try await cache.checker(survey: submission.survey, db: db, today: latest)
        for code in submission.answers.keys where !checker.itemCodes.contains(code) {
            throw SubmissionError.unknownItem(item: code, survey: submission.survey)
        }
        var validator = checker.validator
        let row = QuestionnaireRow(
            line: 1, unit: submission.unit, date: submission.date, channel: submission.channel,
            clientID: submission.clientID, answers: submission.answers)
        guard let questionnaire = validator.check(row) else {
            throw FileProblems(
                validator.problems.map { FileProblem(file: "submission", line: nil, column: $0.column, message: $0.message) })
        }
        if user.role.isUnitBound {
            guard let unit = validator.units.version(id: questionnaire.unitID),
                let root = user.unitCode, try await cache.area(of: root, db: db).contains(unit)
            else {
                throw AccessDenied(
                    message: "\(user.username) may submit questionnaires for \(user.unitCode ?? "its unit") and the units below it only")
            }
        }
        return (questionnaire, checker.surveyID)
    }
}
