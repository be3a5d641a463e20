import Foundation
import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

/// The review of scanned forms: each item in doubt with a crop of the scan and sipas's
/// reason, settled by a clerk (for the units of its area) or an analyst.
extension WebController {
    /// Whether `user` may review the pages of `unit` scanned for the month starting `start`.
    func reviewable(_ user: AuthUser) async throws -> @Sendable (String, CalendarDate) -> Bool {
        try AccessPolicy.requireImport(user)
        guard user.role.isUnitBound else { return { _, _ in true } }
        let area = try await AccessPolicy.area(of: user, db: db)
        return { unit, start in area.contains(code: unit, during: .month(start.year, start.month)) }
    }

    func scanReview(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let visible = try await reviewable(user)
        let items = try await PaperScanService(db: db).openItems(visible: visible)
        let rows: [[String: Any]] = items.map { open in
            let key = "\(open.unit)-\(open.serial)-\(open.page)-\(open.item)"
            let query = "unit=\(open.unit)&serial=\(open.serial)&page=\(open.page)&item=\(open.item)"
            return [
                "unit": open.unit, "serial": open.serial, "page": open.page, "item": open.item, "question": open.question,
                "reason": open.reason, "crop": "/scans/review/crop?" + query, "key": key,
                "options": open.options.enumerated().map { i, option in
                    ["code": option.code, "label": option.label, "id": "\(key)-\(i)"] as [String: Any]
                },
            ]
        }
        var object: [String: Any] = ["items": rows, "count": rows.count, "none": rows.isEmpty]
        if let done = request.uri.queryParameters["done"] { object["done"] = String(done) }
        let query = request.uri.queryParameters
        if let pages = query["pages"].flatMap({ Int(String($0)) }), let review = query["review"].flatMap({ Int(String($0)) }),
            let forms = query["forms"].flatMap({ Int(String($0)) })
        {
            object["imported"] = "Đã nhận \(pages) trang; \(review) trang chờ xem lại; \(forms) phiếu đã được ghi nhận."
        }
        if query["already"] != nil { object["imported"] = "Tệp này đã được nhập trước đây; không có gì thay đổi." }
        return try await scanPage(context, user: user, object, status: .ok)
    }

    /// The review page with the upload form above the items.
    func scanPage(_ context: AppContext, user: AuthUser, _ values: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        var object = values
        object["surveys"] = try await surveyOptions(selected: values["survey"] as? String)
        object["defaultPeriod"] = (values["period"] as? String) ?? Self.previousMonth().description
        object["maxMB"] = configuration.maxUploadBytes / 1_048_576
        return page(context, title: "Xem lại phiếu quét", template: "scan-review", object, status: status)
    }

    /// A scan file uploaded by a clerk: received to disk as it streams, read and stored whole
    /// or not at all in the import gate; a page of a form of a unit outside the clerk's area
    /// refuses the file.
    func scanUpload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try AccessPolicy.requireImport(user)
        return try await ReceivedUpload.receive(
            request, in: configuration.uploadFolder, maxBytes: configuration.maxUploadBytes, rawName: nil
        ) { form in
            try checkCSRF(form.fields, context)
            let survey = form.fields["survey"] ?? ""
            let periodText = form.fields["period"] ?? ""
            var shown: [String: Any] = ["survey": survey, "period": periodText, "none": true]
            func refused(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
                shown["uploadError"] = message
                shown["fileName"] = form.file?.name ?? ""
                return try await scanPage(context, user: user, shown, status: status)
            }
            guard let file = form.file, file.byteCount > 0 else { return try await refused("Chưa chọn tệp, hoặc tệp rỗng.", .badRequest) }
            guard let period = Period(periodText), period.kind == .month else {
                return try await refused("Tháng “\(periodText)” không hợp lệ; chọn một tháng (YYYY-MM).", .badRequest)
            }
            let area = user.role.isUnitBound ? try await AccessPolicy.area(of: user, db: db) : nil
            do {
                let result = try await configuration.imports.run {
                    try await PaperScanService(db: db).importScan(
                        file.url, name: file.name, surveyCode: survey, period: period, actor: user.username, area: area, today: .today())
                }
                switch result.outcome {
                case .imported(let pages, let review, let questionnaires):
                    return Self.redirect("/scans/review?pages=\(pages)&review=\(review)&forms=\(questionnaires.count)")
                case .alreadyImported: return Self.redirect("/scans/review?already=1")
                }
            } catch let denied as AccessDenied {
                return try await refused(denied.message, .forbidden)
            } catch let unreadable as PaperScanService.Unreadable {
                return try await refused(unreadable.description, .unprocessableContent)
            } catch let problems as FileProblems {
                return try await refused(problems.description, .unprocessableContent)
            } catch let twice as ScanStore.ScannedTwice {
                return try await refused(twice.description, .conflict)
            } catch let error as DatabaseError {
                if case .unreachable = error { throw error }
                return try await refused(error.description, .badRequest)
            }
        }
    }

    func scanCrop(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let visible = try await reviewable(user)
        let query = request.uri.queryParameters
        guard let unit = query["unit"].map(String.init), let serial = query["serial"].flatMap({ Int(String($0)) }),
            let page = query["page"].flatMap({ Int(String($0)) }), let item = query["item"].map(String.init)
        else { throw HTTPError(.badRequest, message: "Thiếu unit, serial, page hoặc item.") }
        guard
            let open = try await PaperScanService(db: db).openItems(units: [unit], visible: visible).first(where: {
                $0.serial == serial && $0.page == page && $0.item == item
            })
        else { throw HTTPError(.notFound, message: "Không có câu này chờ xem lại.") }
        var headers = HTTPFields()
        headers[.contentType] = "image/png"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: open.crop)))
    }

    func scanDecide(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let fields = try await form(request, context)
        let visible = try await reviewable(user)
        guard let unit = fields["unit"], let serial = fields["serial"].flatMap(Int.init), let page = fields["page"].flatMap(Int.init),
            let item = fields["item"], let choice = fields["choice"]
        else {
            return Self.redirect("/scans/review?done=missing")
        }
        let service = PaperScanService(db: db)
        guard try await service.openItems(units: [unit], visible: visible).contains(where: { $0.serial == serial && $0.page == page })
        else { throw AccessDenied(message: "page \(page) of form \(unit) no. \(serial) is not waiting for your review") }
        let options = choice == "_blank" ? [] : [choice]
        _ = try await service.decide(
            unit: unit, serial: serial, page: page, item: item, options: options, actor: user.username, today: .today())
        return Self.redirect("/scans/review?done=\(item)")
    }
}
