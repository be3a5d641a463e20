import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

extension APIController {
    struct KeptReport: ResponseEncodable {
        var id: Int
        var survey: String
        var period: String
        var generated_at: Date
        var generated_by: String
    }

    func report(_ request: Request, context: AppContext) async throws -> Response {
        try await report(request, context, comparison: false)
    }

    func compare(_ request: Request, context: AppContext) async throws -> Response {
        try await report(request, context, comparison: true)
    }

    func report(_ request: Request, _ context: AppContext, comparison: Bool) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        let survey = try query.required("survey", example: "a survey code, e.g. sipas-2017")
        let period = try query.period()
        let units = query["units"].map { $0.split(separator: ",").map(String.init) } ?? []
        let scope = try query.closed("scope", default: comparison ? ReportService.Scope.area : .self)
        let boundaries = try query.boundaries()
        let requestedLevel: UnitLevel? = try query.closed("level")
        let level = requestedLevel ?? (comparison ? UnitLevel.district : nil)
        let format = try query.closed("format", default: ReportFormat.json)
        let table: ReportTables.Name? = try query.closed("table")
        let byChannel = try query.flag("by_channel")
        let excludeFlagged = try query.flag("exclude_flagged")
        if comparison && user.role == .uploader && units.isEmpty {
            throw Problem(
                .forbidden, vi: "Cán bộ tải lên chỉ so sánh các đơn vị thuộc đơn vị mình: hãy ghi units=.",
                en: "an uploader compares only units of its own area: give units=")
        }
        let access = try await AccessPolicy.reportAccess(units, from: period, to: period, user: user, db: db)
        let serviceRequest = ReportService.Request(
            surveyCode: survey, from: period, to: period, level: level, unitCodes: access.units, scope: scope,
            boundaries: boundaries, today: .today(), excludeFlagged: excludeFlagged, byChannel: byChannel)
        let area = access.uploadsWithin
        let db = db
        // Made in the report gate: beyond its places, 503 with Retry-After.
        return try await configuration.reports.run {
            let (report, surveyDefinition) = try await ReportService(db).report(serviceRequest)
            return try await ReportDownloads(db).download(
                report, survey: surveyDefinition, request: serviceRequest, format: format, table: table?.rawValue, uploadsWithin: area)
        }.response
    }

    func monthlyReports(_ request: Request, context: AppContext) async throws -> [KeptReport] {
        let user = try context.requireUser()
        try Self.requireProvinceReader(user)
        return try await MonthlyReportStore(db).list().map {
            KeptReport(
                id: $0.id, survey: $0.surveyCode, period: $0.period.description, generated_at: $0.generatedAt, generated_by: $0.generatedBy)
        }
    }

    func monthlyReport(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        try Self.requireProvinceReader(user)
        let id = try context.id()
        let part = try request.uri.queryParameters.closed("part", default: MonthlyReportStore.Part.json)
        return try await ReportDownloads(db).kept(id, part: part).response
    }

    /// Kept monthly reports cover the whole province: not for a unit-bound account.
    static func requireProvinceReader(_ user: AuthUser) throws {
        guard !user.role.isUnitBound else {
            throw Problem(
                .forbidden, vi: "Báo cáo tháng đã lưu bao gồm cả tỉnh; cán bộ tải lên xem báo cáo của đơn vị mình.",
                en: "kept monthly reports cover the whole province; an uploader reads its own unit's reports")
        }
    }
}
