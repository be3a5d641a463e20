import SIPASCore
import SIPASStore

/// Surveys and the unit directory change rarely; single submissions arrive often. Both are
/// kept for a short while instead of being read for every questionnaire.
public actor ReferenceCache {
    private var surveys: [String: (id: Int, survey: Survey, at: ContinuousClock.Instant)] = [:]
    private var directory:
        (UnitDirectory, versions: [UnitVersion], changes: [(effective: CalendarDate, change: UnitChange)], at: ContinuousClock.Instant)?
    private var areas: [String: (AccessArea, today: CalendarDate)] = [:]
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

    public init() {}

    /// The checker of a survey's submissions, whose validator refuses dates after `today`.
    func checker(survey code: String, db: Database, today: CalendarDate) async throws -> Checker {
        let (id, survey) = try await self.survey(code, db: db)
        let (units, _) = try await current(db)
        let directoryAt = directory!.at
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

    /// An account's area (see `AccessArea`), from the same kept unit list and successions.
    func area(of root: String, db: Database) async throws -> AccessArea {
        let (_, versions) = try await current(db)
        let today = CalendarDate.today()
        if let hit = areas[root], hit.today == today { return hit.0 }
        let area = AccessArea(root: root, versions: versions, changes: directory!.changes, today: today)
        areas[root] = (area, today)
        return area
    }

    private func current(_ db: Database) async throws -> (UnitDirectory, versions: [UnitVersion]) {
        let now = ContinuousClock.now
        if let hit = directory, now - hit.at < lifetime { return (hit.0, hit.versions) }
        let store = UnitStore(db)
        let versions = try await store.allVersions()
        let fresh = UnitDirectory(versions)
        directory = (fresh, versions, try await store.changes(), now)
        areas = [:]
        return (fresh, versions)
    }
}
