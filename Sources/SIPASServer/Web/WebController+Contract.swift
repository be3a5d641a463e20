import Hummingbird
import SIPASStore
import SIPASUseCases

/// What the OpenAPI document says of the web pages (tag `web`): HTML for browsers, every form
/// with the session's CSRF token in `_csrf`. The pages' query parameters beyond those listed
/// are the forms' own (see each page).
extension WebController {
    typealias Operation = OpenAPIOperation
    typealias Reply = OpenAPIOperation.Reply
    typealias S = JSONSchema

    /// `WebController.routes` with their operations.
    static var operations: [Route] {
        routes.map { route in
            let method = HTTPRequest.Method(route.method)!
            return Route(method: method, path: route.path, operation: operation(method, route.path, summary: route.summary))
        }
    }

    static let page = OpenAPIOperation.Content(mediaType: "text/html", schema: S.string)
    static let redirect = Reply(
        status: 303, description: "done: to the next page",
        headers: [OpenAPIOperation.Header(name: "Location", schema: S.string, description: "the next page")])

    static func form(_ fields: [(String, JSONValue)], required: [String] = []) -> [OpenAPIOperation.Content] {
        [
            OpenAPIOperation.Content(
                mediaType: "application/x-www-form-urlencoded",
                schema: S.object([("_csrf", S.anyText)] + fields, required: ["_csrf"] + required))
        ]
    }

    static func operation(_ method: HTTPRequest.Method, _ path: String, summary: String) -> Operation {
        let id =
            "web-" + method.rawValue.lowercased()
            + path.split(separator: "/").map { "-" + $0.filter { $0.isLetter || $0.isNumber } }.joined()
        var operation = Operation(
            id: id, summary: summary, tag: "web", replies: [Reply(status: 200, description: "the page", content: [page])],
            problems: [.invalidParameter, .notFound])
        for segment in path.split(separator: "/") where segment.first == "{" {
            let name = String(segment.dropFirst().dropLast())
            operation.parameters.append(.path(name, name == "id" ? S.id : S.text, name == "id" ? "the id" : "the account's name"))
        }
        if path.hasPrefix("/s/") { return publicOperation(method, path, operation) }
        if path.hasPrefix("/kiosk") { return kioskOperation(method, path, operation) }
        guard method == .get else {
            operation.problems = [.invalidBody, .notFound, .conflict, .tooLarge, .unsupportedMediaType, .invalidContent]
            operation.body = form([])
            operation.replies = [redirect, Reply(status: 200, description: "the page again, with a message", content: [page])]
            switch path {
            case "/login":
                operation.access = .open
                operation.body = form([("username", S.anyText), ("password", S.anyText)])
                operation.problems.append(.forbidden)
                operation.replies = [
                    redirect, Reply(status: 401, description: "wrong name or password: the form again", content: [page]),
                    Reply(status: 429, description: "too many failed attempts: the form again", content: [page]),
                ]
            case "/upload":
                operation.body = [
                    OpenAPIOperation.Content(
                        mediaType: "multipart/form-data",
                        schema: S.object(
                            [
                                ("_csrf", S.anyText), ("kind", S.oneOf(UploadStore.Kind.allCases.map(\.rawValue))), ("survey", S.anyText),
                                ("replace", S.flag), ("file", S.binary),
                            ], required: ["_csrf", "kind", "survey", "file"]))
                ]
            case "/monthly": operation.body = form([("survey", S.anyText), ("period", S.anyText)])
            case "/admin/users":
                operation.body = form([("username", S.anyText), ("role", S.anyText), ("unit", S.anyText), ("password", S.anyText)])
            case "/admin/users/{name}/role": operation.body = form([("role", S.anyText), ("unit", S.anyText)])
            case "/scans/upload":
                operation.body = [
                    OpenAPIOperation.Content(
                        mediaType: "multipart/form-data",
                        schema: S.object(
                            [("_csrf", S.anyText), ("survey", S.anyText), ("period", S.anyText), ("file", S.binary)],
                            required: ["_csrf", "survey", "period", "file"]))
                ]
            case "/scans/review":
                operation.body = form([("unit", S.anyText), ("serial", S.id), ("page", S.id), ("item", S.anyText), ("choice", S.anyText)])
            default: break
            }
            return operation
        }
        switch path {
        case "/", "/login":
            operation.replies.append(redirect)
            if path == "/login" { operation.access = .open }
        case "/template":
            operation.parameters = APIController.templateParameters
            operation.replies = [Reply(status: 200, description: "the sheet", content: [APIController.xlsx, APIController.csv])]
        case "/reports", "/compare":
            operation.replies = [
                Reply(
                    status: 200, description: "the form; with survey, period (YYYY-MM) and view=1 or format, the report",
                    content: [
                        page, APIController.xlsx, APIController.csv, APIController.json(S.ref("Report")),
                        .init(mediaType: "text/plain", schema: S.string), .init(mediaType: Download.docxType, schema: S.binary),
                        .init(mediaType: Download.pdfType, schema: S.binary),
                    ])
            ]
        case "/scans/review/crop":
            operation.parameters = [
                .query("unit", S.anyText, "the unit's code printed on the form", required: true),
                .query("serial", S.id, "the form's serial", required: true),
                .query("page", S.id, "the page of the form", required: true),
                .query("item", S.anyText, "the item's code", required: true),
            ]
            operation.replies = [Reply(status: 200, description: "the crop", content: [.init(mediaType: "image/png", schema: S.binary)])]
        case "/monthly/{id}":
            operation.parameters.append(
                .query("part", S.oneOf(MonthlyReportStore.Part.allCases.map(\.rawValue)), "html (the default), json or xlsx"))
            operation.replies = [
                Reply(status: 200, description: "the report", content: [page, APIController.json(S.ref("Report")), APIController.xlsx])
            ]
        default: break
        }
        return operation
    }

    /// The public questionnaire's pages: open to anyone holding a link, HTML only.
    static func publicOperation(_ method: HTTPRequest.Method, _ path: String, _ base: Operation) -> Operation {
        var operation = base
        operation.access = .open
        operation.parameters = [.path("token", S.anyText, "the link's token (printed by `sipas collect link`)")]
        let closed = Reply(status: 410, description: "the link was revoked, has expired, or its unit no longer exists", content: [page])
        let unknown = Reply(status: 404, description: "no such link", content: [page])
        operation.problems = []
        if method == .post {
            operation.body = [
                OpenAPIOperation.Content(
                    mediaType: "application/x-www-form-urlencoded",
                    schema: S.object([("_form", S.anyText)], required: []))
            ]
            operation.problems = [.tooLarge, .unsupportedMediaType]
            operation.replies = [
                Reply(
                    status: 303, description: "stored (or stored before): to the thank-you page",
                    headers: [OpenAPIOperation.Header(name: "Location", schema: S.string, description: "the thank-you page")]),
                Reply(status: 422, description: "the form again, with a message next to each mistake", content: [page]),
                Reply(
                    status: 429, description: "too many answers through this link or from this address: the form again, answers kept",
                    content: [page],
                    headers: [OpenAPIOperation.Header(name: "Retry-After", schema: S.integer, description: "seconds to wait")]),
                unknown, closed,
            ]
        } else {
            operation.replies = [Reply(status: 200, description: "the page", content: [page]), unknown, closed]
        }
        return operation
    }

    /// The kiosk's page, script and pairing: open to anyone (the pairing code is the secret).
    static func kioskOperation(_ method: HTTPRequest.Method, _ path: String, _ base: Operation) -> Operation {
        var operation = base
        operation.access = .open
        operation.problems = []
        switch path {
        case "/kiosk.js":
            operation.replies = [
                Reply(status: 200, description: "the script", content: [.init(mediaType: "text/javascript", schema: S.string)])
            ]
        case "/kiosk/pair":
            operation.body = [APIController.json(S.object([("code", S.anyText)], required: ["code"]))]
            let option = S.object([("code", S.text), ("label", S.text)], required: ["code", "label"])
            let question = S.object(
                [("code", S.text), ("text", S.text), ("required", S.boolean), ("options", S.array(option))],
                required: ["code", "text", "required", "options"])
            let named = S.object([("code", S.text), ("name", S.text)], required: ["code", "name"])
            let device = S.object(
                [
                    ("token", S.text), ("account", S.text), ("unit", named),
                    ("survey", S.object([("code", S.text), ("title", S.text)], required: ["code", "title"])),
                    ("questions", S.array(question)),
                ], required: ["token", "account", "unit", "survey", "questions"],
                description:
                    "the device token (Authorization: Bearer, for POST /api/submissions/batch), its kiosk account, its unit and the questions"
            )
            operation.replies = [Reply(status: 201, description: "paired: the device", content: [APIController.json(device)])]
            // 404: no such code; 409: used or expired; 429: too many wrong codes from this address.
            operation.problems = [.invalidBody, .notFound, .conflict, .tooManyRequests, .tooLarge, .unsupportedMediaType]
        default: break
        }
        return operation
    }
}
