import SIPASCore
import SIPASStore

/// Who has reported for a period (on time, late) and who has not: `sipas uploads missing`,
/// the monthly report.
public struct CompletenessService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// The completeness of `period` for `surveyCode` (nil: data of any survey count).
    public func completeness(surveyCode: String?, period: Period, rules: ReportingRules = ReportingRules()) async throws -> Completeness {
        var surveyID: Int?
        if let surveyCode { surveyID = try await SurveyStore(db).get(code: surveyCode, version: nil, from: period, to: period).id }
        let received = try await ReceiptStore(db).firstReceived(surveyID: surveyID, period: period)
        let versions = try await UnitStore(db).allVersions()
        return Completeness.compute(period: period, rules: rules, versions: versions, received: received)
    }
}
