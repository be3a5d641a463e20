import Foundation
import SIPASCore
import SIPASStore

/// Citizens answer directly: public questionnaire links (`sipas collect link`) and the
/// questionnaires that arrive through them, stored with channel `web` through the same path
/// as the API's submissions (the same checks, the same monthly counts, each exactly once).
public struct CollectionService: Sendable {
    public let db: Database
    public let cache: ReferenceCache

    public init(db: Database, cache: ReferenceCache = ReferenceCache()) {
        self.db = db
        self.cache = cache
    }

    /// 24 random bytes from the system's generator, base64url: 32 characters nobody can guess.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The full address of a link under the public address (`https://khaosat.example.vn`).
    public static func url(of link: CollectionLinkStore.Link, publicURL: String) -> String {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path(token: link.token)
    }

    /// The path of a link's form.
    public static func path(token: String) -> String { "/s/\(token)" }

    /// Makes a link for the newest version of `surveyCode` and the version of `unitCode` valid
    /// `today`, open to the end of `until` when given.
    public func makeLink(
        surveyCode: String, unitCode: String, until: CalendarDate?, requireDossier: Bool = false, dossierDays: Int = 30, actor: String,
        today: CalendarDate
    ) async throws -> CollectionLinkStore.Link {
        let (surveyID, _) = try await SurveyStore(db).get(code: surveyCode)
        if let until, until < today {
            throw InvalidArgument(field: "until", value: until.description, expected: ["a day from today (\(today)) on"])
        }
        guard (1...366).contains(dossierDays) else {
            throw InvalidArgument(field: "dossier-days", value: String(dossierDays), expected: ["a number of days from 1 to 366"])
        }
        let unit = try Self.unit(unitCode, in: UnitDirectory(try await UnitStore(db).allVersions()), on: today)
        return try await CollectionLinkStore(db).create(
            token: Self.newToken(), surveyID: surveyID, unitID: unit.id, validUntil: until, requireDossier: requireDossier,
            dossierDays: dossierDays, actor: actor)
    }

    /// The version of the unit `text` (a code or a name) valid `today`.
    static func unit(_ text: String, in directory: UnitDirectory, on today: CalendarDate) throws -> UnitVersion {
        let resolution = directory.resolve(text, on: today)
        guard case .found(let unit) = resolution else {
            throw DatabaseError.notFound(UnitDirectory.explain(resolution, text: text, when: "on \(today)") ?? "unknown unit \(text)")
        }
        return unit
    }

    /// What a link's address opens.
    public enum Opening: Sendable {
        /// The form of the survey's newest version for the link's unit.
        case open(CollectionLinkStore.Link, Survey)
        case revoked(CollectionLinkStore.Link)
        case expired(CollectionLinkStore.Link)
        /// The unit no longer exists (merged, dissolved): its last version, since when, and the
        /// units the successions name instead (valid today).
        case moved(CollectionLinkStore.Link, unit: AdminUnit, since: CalendarDate, successors: [AdminUnit])
        case unknown
    }

    public func open(token: String, today: CalendarDate) async throws -> Opening {
        guard Self.isWellFormed(token), let link = try await CollectionLinkStore(db).find(token: token) else { return .unknown }
        if link.revokedAt != nil { return .revoked(link) }
        if !link.isOpen(on: today) { return .expired(link) }
        var open = link
        if let end = link.unit.validTo, end < today {
            // Follow the unit to today: a version of the same code that the successions say
            // nothing about continues it (a new name, a new parent); a succession ends it.
            let store = UnitStore(db)
            let (versions, changes) = (try await store.allVersions(), try await store.changes())
            var current = link.unit
            while let end = current.validTo, end < today {
                let next = end.nextDay
                let named = changes.filter { $0.effective == next && $0.change.oldCode == current.unit.code }.map(\.change.newCode)
                if named.isEmpty, let continued = versions.first(where: { $0.unit.code == current.unit.code && $0.validFrom == next }) {
                    current = continued
                    continue
                }
                let successors = versions.filter { named.contains($0.unit.code) && $0.isValid(on: today) }.map(\.unit)
                return .moved(link, unit: current.unit, since: next, successors: successors)
            }
            open.unit = current
        }
        let (_, survey) = try await cache.survey(link.surveyCode, db: db)
        return .open(open, survey)
    }

    /// Whether `token` can be a link's token or a form's id at all (what `newToken` makes):
    /// checked before a query, and before a form id becomes a client id.
    public static func isWellFormed(_ token: String) -> Bool {
        (22...64).contains(token.utf8.count)
            && token.utf8.allSatisfy { $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// What became of a posted form.
    public enum FormOutcome: Sendable, Equatable {
        /// Stored now, or stored before by the same form (a reload, a double tap).
        case thanks
        /// This form was sent before with other answers: nothing was changed.
        case alreadySent
        /// Mistakes to show next to the fields (item code → Vietnamese message); nothing stored.
        case mistakes([String: String])
    }

    /// The posted field of the receipt's dossier number (a link made with `--require-dossier`).
    public static let dossierField = "ho_so"

    /// Stores the questionnaire of an open link's posted form (`form` is the form's own id,
    /// made by `newToken`, which makes a reload or a second tap count once). A link that
    /// requires a dossier takes the number of one its unit returned lately and not answered
    /// for yet, and stores one questionnaire per dossier.
    public func submit(
        link: CollectionLinkStore.Link, survey: Survey, form: String, posted: [String: [String]], today: CalendarDate,
        provenance: SubmissionStore.Provenance = .trusted
    ) async throws -> FormOutcome {
        let (answers, missingAnswers) = PublicForm.read(survey, posted: posted)
        var missing = missingAnswers
        var provenance = provenance
        if link.requireDossier {
            do {
                let dossier = try await DossierService(db: db).admit(
                    number: posted[Self.dossierField]?.first ?? "", link: link, today: today)
                provenance.dossier = dossier.id
            } catch let refusal as DossierService.Refusal {
                // The same form sent again after it was stored (a reload) is no second answer.
                let sentBefore = try await SubmissionStore(db).isStored(
                    clientID: form, submittedBy: link.submitter, surveyID: link.surveyID)
                if case .answered = refusal, sentBefore {
                    return .thanks
                }
                missing[Self.dossierField] = refusal.message
            }
        }
        guard missing.isEmpty else { return .mistakes(missing) }
        guard Self.isWellFormed(form) else { return .mistakes(["_form": "Biểu mẫu đã hết hạn; vui lòng tải lại trang và gửi lại."]) }
        let submission = Submission(
            clientID: form, survey: link.surveyCode, unit: link.unit.unit.code, date: today.description, channel: Channel.web.rawValue,
            answers: answers)
        let device = AuthUser(id: -link.id, username: link.submitter, role: .kiosk, unitCode: link.unit.unit.code)
        do {
            let receipt = try await SubmissionIntake(db: db, cache: cache).submit(submission, user: device, provenance: provenance)
            switch receipt.outcome {
            case .stored, .duplicate: return .thanks
            case .conflict: return .alreadySent
            }
        } catch let problems as FileProblems {
            var mistakes: [String: String] = [:]
            for problem in problems.problems {
                mistakes[problem.column ?? "_form", default: PublicForm.invalidMessage] = PublicForm.invalidMessage
            }
            return .mistakes(mistakes)
        } catch is SubmissionError {
            return .mistakes(["_form": PublicForm.invalidMessage])
        } catch is DossierAlreadyAnswered {
            // Another form of the same dossier was stored a moment before this one.
            let number = posted[Self.dossierField]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return .mistakes([Self.dossierField: DossierService.Refusal.answered(number).message])
        }
    }
}
