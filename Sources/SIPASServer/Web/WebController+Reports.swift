import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The monthly report, the district comparison and the kept monthly reports.
extension WebController {
    // MARK: Reports

    func reports(_ request: Request, context: AppContext) async throws -> Response {
        try await reportPage(request, context, comparison: false)
    }

    func compare(_ request: Request, context: AppContext) async throws -> Response {
        try await reportPage(request, context, comparison: true)
    }

    /// The form, or with `view=1` (or a `format`) the report itself: the self-contained HTML
    /// report with links to its XLSX, CSV and JSON above it (its `ReportNavigation`).
    func reportPage(_ request: Request, _ context: AppContext, comparison: Bool) async throws -> Response {
        let user = try user(context)
        let query = request.uri.queryParameters
        let survey = query["survey"].map(String.init) ?? "sipas-2017"
        let periodText = query["period"].map(String.init) ?? Self.previousMonth().description
        let unitsText = query["units"].map(String.init) ?? ""
        let action = comparison ? "/compare" : "/reports"
        guard query["view"] != nil || query["format"] != nil else {
            return page(
                context, title: comparison ? "So sánh huyện" : "Báo cáo tháng", template: "reports",
                [
                    "heading": comparison ? "So sánh các huyện, thị xã, thành phố" : "Báo cáo tháng", "action": action,
                    "surveys": try await surveyOptions(selected: survey), "period": periodText, "units": unitsText,
                    "showUnits": !comparison,
                ])
        }
        guard let period = Period(periodText), period.kind == .month else {
            throw HTTPError(.badRequest, message: "Tháng phải có dạng YYYY-MM.")
        }
        let requested = unitsText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if comparison && user.role.isUnitBound {
            throw HTTPError(.forbidden, message: "Cán bộ tải lên chỉ xem được báo cáo của đơn vị mình.")
        }
        let access = try await AccessPolicy.reportAccess(requested, from: period, to: period, user: user, db: db)
        let serviceRequest = ReportService.Request(
            surveyCode: survey, from: period, to: period, level: comparison ? .district : nil, unitCodes: access.units,
            scope: comparison ? .area : .self, today: .today())
        let format = ReportFormat(rawValue: query["format"].map(String.init) ?? "html") ?? .html
        let title =
            comparison
            ? "So sánh chỉ số hài lòng (SIPAS) các huyện, thị xã, thành phố — \(period.label(.vi))"
            : "Báo cáo chỉ số hài lòng (SIPAS) — \(period.label(.vi))"
        let area = access.uploadsWithin
        var link = URLComponents()
        link.queryItems =
            [URLQueryItem(name: "survey", value: survey), URLQueryItem(name: "period", value: period.description)]
            + (unitsText.isEmpty ? [] : [URLQueryItem(name: "units", value: unitsText)])
        let base = action + (link.percentEncodedQuery.map { "?" + $0 } ?? "")
        let navigation = ReportNavigation(
            home: "/", choose: action,
            downloads: [
                .init(label: "XLSX", href: base + "&format=xlsx"), .init(label: "CSV", href: base + "&format=csv&table=units"),
                .init(label: "JSON", href: base + "&format=json"),
            ])
        let table = query["table"].map(String.init)
        let db = db
        // Made in the report gate: beyond its places, 503 with Retry-After.
        return try await configuration.reports.run {
            let (report, surveyDefinition) = try await ReportService(db).report(serviceRequest)
            guard format == .html else {
                return try await ReportDownloads(db).download(
                    report, survey: surveyDefinition, request: serviceRequest, format: format, table: table, title: title,
                    uploadsWithin: area
                ).response
            }
            let document = try await ReportDocumentService(db).html(
                report, survey: surveyDefinition, request: serviceRequest, language: .vi, title: title, navigation: navigation,
                uploadsWithin: area)
            return Self.html(document)
        }
    }

    func monthly(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        // Kept reports cover the whole province: a unit's account sees none listed.
        let reports = user.role.isUnitBound ? [] : try await MonthlyReportStore(db).list()
        return page(
            context, title: "Báo cáo định kỳ", template: "monthly",
            [
                "day": configuration.monthlyReportDay, "mayGenerate": user.role == .admin || user.role == .analyst,
                "unitBound": user.role.isUnitBound,
                "surveys": try await surveyOptions(), "defaultPeriod": Self.previousMonth().description,
                "reports": reports.map {
                    [
                        "id": $0.id, "period": $0.period.label(.vi), "survey": $0.surveyCode, "at": VietnamTime.minutes($0.generatedAt),
                        "by": $0.generatedBy,
                    ] as [String: Any]
                },
            ])
    }

    func generateMonthly(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try AccessPolicy.requireAnalyst(user, "generate monthly reports")
        guard let period = Period(form["period"] ?? ""), period.kind == .month else {
            throw HTTPError(.badRequest, message: "Tháng phải có dạng YYYY-MM.")
        }
        let (db, survey) = (db, form["survey"] ?? "")
        let id = try await configuration.reports.run {
            try await MonthlyReports(db).generate(surveyCode: survey, period: period, actor: user.username)
        }
        return Self.redirect("/monthly/\(id)")
    }

    func monthlyReport(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        if user.role.isUnitBound { throw HTTPError(.forbidden, message: "Cán bộ tải lên chỉ xem được báo cáo của đơn vị mình.") }
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound) }
        let part = try request.uri.queryParameters.closed("part", default: MonthlyReportStore.Part.html)
        guard part == .html else { return try await ReportDownloads(db).kept(id, part: part).response }
        // Shown as a page: the same strict headers as every page.
        return Self.html(String(decoding: try await MonthlyReportStore(db).content(id, part: .html), as: UTF8.self))
    }
}
