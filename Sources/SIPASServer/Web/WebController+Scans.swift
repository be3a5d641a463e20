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
        return page(context, title: "Xem lại phiếu quét", template: "scan-review", object)
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
