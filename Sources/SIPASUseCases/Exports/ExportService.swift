import SIPASCore
import SIPASFiles
import SIPASStore

/// Stored data out for analysts, the same for `sipas export` and `/api/exports/{kind}`: the
/// rows of one kind for a survey and period, streamed (large exports are never held in
/// memory), limited to an uploader's area.
public struct ExportService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// One export, checked and resolved before any row is read, so that an unknown survey or
    /// a refused account is answered before streaming begins.
    public struct Plan: Sendable {
        public var kind: ExportKind
        public var period: Period
        public var surveyID: Int
        public var survey: Survey
        public var header: [String]
        /// The unit codes whose rows are exported (those of an uploader's area wholly inside it
        /// during the period); nil for all.
        public var codes: Set<String>?

        /// The codebook of the survey's items and options, written beside the data.
        public var codebook: [[String]] { Codebook.rows(survey) }
    }

    /// Resolves the survey and, for an account, what it may export: a viewer reads reports
    /// only; an uploader exports its own area. The command line (`user` nil) exports all.
    public func plan(_ kind: ExportKind, surveyCode: String, period: Period, user: AuthUser?) async throws -> Plan {
        if let user, user.role == .viewer || user.role == .kiosk {
            throw AccessDenied(message: "exports are for analysts and uploaders; a viewer reads reports, a kiosk posts questionnaires")
        }
        let (surveyID, survey) = try await SurveyStore(db).get(code: surveyCode, version: nil, from: period, to: period)
        var codes: Set<String>?
        if let user, user.role == .uploader {
            let area = try await AccessPolicy.area(of: user, db: db)
            // Every row is of `period`: which codes it may hold is decided once, not per row.
            codes = area.codes.filter { area.contains(code: $0, during: period) }
        }
        return Plan(kind: kind, period: period, surveyID: surveyID, survey: survey, header: kind.header(survey), codes: codes)
    }

    /// Calls `row` for each row of the plan, in the order of the header.
    public func rows(_ plan: Plan, _ row: ([String]) async throws -> Void) async throws {
        let store = ExportStore(db)
        let unitColumn = plan.kind.unitColumn
        func each(_ fields: [String]) async throws {
            if let codes = plan.codes, !codes.contains(fields[unitColumn]) { return }
            try await row(fields)
        }
        switch plan.kind {
        case .counts: try await store.counts(surveyID: plan.surveyID, from: plan.period, to: plan.period, each)
        case .tallies: try await store.tallies(surveyID: plan.surveyID, from: plan.period, to: plan.period, each)
        case .responses: try await store.responses(surveyID: plan.surveyID, survey: plan.survey, from: plan.period, to: plan.period, each)
        }
    }
}
