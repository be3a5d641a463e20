import Crypto
import Foundation
import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

/// The public questionnaire behind a link (`sipas collect link`): no account, no script, a
/// phone first. A post stores one questionnaire through the submissions' path and answers with
/// a redirect to the thank-you page, so a reload of that page posts nothing; the form's own id
/// (`_form`) makes a second tap on "Gửi phiếu" count once.
extension WebController {
    /// The longest form body taken (a questionnaire is well under 10 KB).
    static let publicFormLimit = 64 * 1024

    func publicForm(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await CollectionService(db: db, cache: cache).open(token: token, today: .today()) {
        case .open(let link, let survey):
            let formID = CollectionService.newToken()
            return publicPage(
                link: link, survey: survey, form: PublicForm.build(survey), formID: formID,
                opened: try await screening.openedStamp(formID: formID), dossier: link.requireDossier ? ("", nil) : nil)
        case let other: return closedPage(other)
        }
    }

    func postPublicForm(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let service = CollectionService(db: db, cache: cache)
        let today = CalendarDate.today()
        let opening = try await service.open(token: token, today: today)
        guard case .open(let link, let survey) = opening else { return closedPage(opening) }
        let media = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard media == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, message: "Biểu mẫu phải được gửi dạng application/x-www-form-urlencoded.")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.publicFormLimit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "Biểu mẫu quá lớn.")
        }
        let posted = FormData.urlEncodedValues(String(buffer: body))
        let dossier = posted[CollectionService.dossierField]?.first ?? ""
        let formID = posted["_form"]?.first ?? ""
        let opened = posted["_opened"]?.first
        // The form shown again keeps its id and opening stamp; a form without a usable id gets
        // new ones.
        let kept =
            CollectionService.isWellFormed(formID)
            ? (formID: formID, opened: opened ?? "")
            : try await {
                let id = CollectionService.newToken()
                return (formID: id, opened: try await screening.openedStamp(formID: id))
            }()
        // A flood through one link or from one address waits; the answers stay on the form.
        let address = SubmissionRateLimiter.Key.address(SHA256.hash(data: Array(context.remoteAddress.utf8)))
        if let seconds = linkLimiter.take(.link(link.id)) ?? addressLimiter.take(address) {
            var response = publicPage(
                link: link, survey: survey, form: PublicForm.build(survey, posted: posted),
                formID: kept.formID, opened: kept.opened, dossier: link.requireDossier ? (dossier, nil) : nil,
                formError:
                    "Có quá nhiều phiếu được gửi cùng lúc; phiếu của Ông/Bà chưa được lưu. Vui lòng bấm “Gửi phiếu” lại sau \(seconds) giây.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let questions = PublicForm.build(survey).sections.reduce(0) { $0 + $1.questions.count }
        let provenance = try await screening.provenance(
            formID: formID, stamp: opened, questions: questions, address: context.remoteAddress, today: today)
        switch try await service.submit(link: link, survey: survey, form: formID, posted: posted, today: today, provenance: provenance) {
        case .thanks, .alreadySent:
            return Response(status: .seeOther, headers: [.location: CollectionService.path(token: token) + "/cam-on"])
        case .mistakes(let mistakes):
            let form = PublicForm.build(survey, posted: posted, errors: mistakes)
            return publicPage(
                link: link, survey: survey, form: form, formID: kept.formID, opened: kept.opened,
                dossier: link.requireDossier ? (dossier, mistakes[CollectionService.dossierField]) : nil, formError: mistakes["_form"],
                status: .unprocessableContent)
        }
    }

    func publicThanks(_ request: Request, context: AppContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard CollectionService.isWellFormed(token), let link = try await CollectionLinkStore(db).find(token: token) else {
            return closedPage(.unknown)
        }
        return Self.html(
            WebTemplates.page(
                "public-thanks", title: "Cảm ơn",
                ["unitName": link.unit.unit.name, "again": CollectionService.path(token: token)]))
    }

    func publicPage(
        link: CollectionLinkStore.Link, survey: Survey, form: PublicForm, formID: String, opened: String,
        dossier: (value: String, error: String?)? = nil, formError: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        // Absent keys, never nil values: Mustache would print an Optional's "nil".
        let sections: [[String: Any]] = form.sections.map { section in
            var values: [String: Any] = [
                "title": section.title,
                "questions": section.questions.map { q -> [String: Any] in
                    var question: [String: Any] = [
                        "code": q.code, "text": q.text, "field": q.field, "required": q.required,
                        "isText": q.input == .text, "value": q.value, "isChoice": q.input != .text,
                        "options": q.options.enumerated().map { (i, o) -> [String: Any] in
                            [
                                "code": o.code, "label": o.label, "checked": o.checked, "type": q.input.rawValue,
                                "id": "\(q.field)-\(i + 1)",
                            ]
                        },
                    ]
                    if let error = q.error { question["error"] = error }
                    return question
                },
            ]
            if let note = section.note { values["note"] = note }
            return values
        }
        let dossierError = dossier?.error
        let errors = form.sections.flatMap(\.questions).filter { $0.error != nil }.count + (dossierError == nil ? 0 : 1)
        var values: [String: Any] = [
            "surveyTitle": survey.title.vi, "unitName": link.unit.unit.name, "action": CollectionService.path(token: link.token),
            "formID": formID, "opened": opened, "sections": sections, "errorCount": errors, "hasErrors": errors > 0,
        ]
        if let formError { values["formError"] = formError }
        if let dossier {
            var field: [String: Any] = ["field": CollectionService.dossierField, "value": dossier.value]
            if let dossierError { field["error"] = dossierError }
            values["dossier"] = field
        }
        return Self.html(WebTemplates.page("public-form", title: survey.title.vi, values), status: status)
    }

    func closedPage(_ opening: CollectionService.Opening) -> Response {
        let (status, heading, message): (HTTPResponse.Status, String, String)
        switch opening {
        case .revoked(let link):
            (status, heading, message) = (
                .gone, "Đường dẫn đã bị thu hồi", "Đường dẫn khảo sát của \(link.unit.unit.name) không còn nhận ý kiến."
            )
        case .expired(let link):
            (status, heading, message) = (
                .gone, "Đường dẫn đã hết hạn",
                "Đường dẫn khảo sát của \(link.unit.unit.name) chỉ nhận ý kiến đến hết ngày \(link.validUntil?.dayMonthYear ?? "")."
            )
        case .moved(_, let unit, let since, let successors):
            let names = successors.map { "\($0.name) (mã \($0.code))" }.joined(separator: ", ")
            (status, heading, message) = (
                .gone, "Đơn vị không còn tồn tại",
                "\(unit.name) không còn tồn tại từ ngày \(since.dayMonthYear)"
                    + (names.isEmpty ? "." : "; đơn vị kế tục: \(names). Vui lòng dùng đường dẫn khảo sát của đơn vị kế tục.")
            )
        case .unknown, .open:
            (status, heading, message) = (.notFound, "Không tìm thấy phiếu khảo sát", "Đường dẫn không đúng hoặc không còn dùng được.")
        }
        return Self.html(
            WebTemplates.page("public-closed", title: heading, ["heading": heading, "message": message]), status: status)
    }
}
