import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The web pages: sign in, upload (and the tally template), my uploads with their errors,
/// the monthly report, the district comparison, the kept monthly reports, and accounts for
/// admins. Server-rendered from the Mustache templates in `Web/Templates`; every form carries
/// the session's CSRF token and every write is checked against it.
struct WebController {
    let db: Database
    let configuration: ServerConfiguration
    /// Cleared when an account changes here, so its tokens follow at once.
    let tokens: TokenCache
    /// Surveys and units for the public questionnaire, kept for a short while.
    let cache = ReferenceCache()
    /// The public questionnaire's limits: per link and per client address.
    let linkLimiter: SubmissionRateLimiter
    let addressLimiter: SubmissionRateLimiter
    /// Which of the public questionnaire's answers to flag (too fast, a burst from one address).
    let screening: AnswerScreening

    init(db: Database, configuration: ServerConfiguration, tokens: TokenCache) {
        self.db = db
        self.configuration = configuration
        self.tokens = tokens
        linkLimiter = SubmissionRateLimiter(rate: configuration.linkRate)
        addressLimiter = SubmissionRateLimiter(rate: configuration.addressRate)
        screening = AnswerScreening(db: db, policy: configuration.screening)
    }

    /// Method and path of every page, for the route table of the OpenAPI document.
    static let routes: [(method: String, path: String, summary: String)] = [
        ("GET", "/", "Web: home page (signed in) or a redirect to sign in"),
        ("GET", "/login", "Web: sign-in form"),
        ("POST", "/login", "Web: sign in (form: username, password, _csrf); rate-limited"),
        ("POST", "/logout", "Web: sign out"),
        ("GET", "/upload", "Web: upload form and tally template form"),
        ("POST", "/upload", "Web: upload a file (multipart: kind, survey, file, replace, _csrf)"),
        ("GET", "/template", "Web: download a blank tally sheet (?survey&unit&period&format=xlsx|csv[&children=true])"),
        ("GET", "/uploads", "Web: my uploads and my refused files with their errors"),
        ("GET", "/uploads/{id}", "Web: one upload"),
        ("POST", "/uploads/{id}/revert", "Web: bring a superseded upload back (analysts, admins)"),
        ("GET", "/reports", "Web: the monthly report (?survey&period&units[&format=html|xlsx|csv|json])"),
        ("GET", "/compare", "Web: districts compared (?survey&period[&format=…])"),
        ("GET", "/monthly", "Web: kept monthly reports"),
        ("POST", "/monthly", "Web: generate a monthly report now (analysts, admins)"),
        ("GET", "/monthly/{id}", "Web: one kept monthly report (?part=html|json|xlsx)"),
        ("GET", "/admin/users", "Web: accounts and roles (admins)"),
        ("POST", "/admin/users", "Web: add an account (admins)"),
        ("POST", "/admin/users/{name}/role", "Web: change an account's role and unit (admins)"),
        ("POST", "/admin/users/{name}/disable", "Web: disable an account (admins)"),
        ("POST", "/admin/users/{name}/enable", "Web: enable an account (admins)"),
        ("GET", "/scans/review", "Web: the items of scanned forms in doubt, each with a crop (clerks: their area; analysts)"),
        ("GET", "/scans/review/crop", "Web: the PNG crop of one item in doubt (?unit&serial&page&item)"),
        ("POST", "/scans/review", "Web: settle one item in doubt (form: unit, serial, page, item, choice or _blank, _csrf)"),
        (
            "POST", "/scans/upload",
            "Web: import a scan file (PDF, PNG, JPEG, TIFF) of forms of the clerk's area (multipart: survey, period, file, _csrf)"
        ),
        ("GET", "/s/{token}", "Public questionnaire of a link (`sipas collect link`): anyone holding the link"),
        ("POST", "/s/{token}", "Public questionnaire: store one answer (form: _form, q-ITEM…); a reload stores nothing more"),
        ("GET", "/s/{token}/cam-on", "Public questionnaire: thank-you page"),
        ("GET", "/kiosk", "Kiosk page of the one-stop desk (a tablet, paired once with `sipas kiosk pair`; works offline)"),
        ("GET", "/kiosk.js", "Kiosk page: its script"),
        ("POST", "/kiosk/pair", "Kiosk page: redeem a one-time pairing code (JSON: code) for a device token and the questions"),
    ]

    static let loginCSRFCookie = "sipas_login_csrf"

    func register(on router: Router<AppContext>) {
        router.get("/", use: home)
        router.get("/login", use: loginForm)
        router.post("/login", use: login)
        router.post("/logout", use: logout)
        router.get("/upload", use: uploadForm)
        router.post("/upload", use: upload)
        router.get("/template", use: template)
        router.get("/uploads", use: uploads)
        router.get("/uploads/:id", use: uploadDetail)
        router.post("/uploads/:id/revert", use: revert)
        router.get("/reports", use: reports)
        router.get("/compare", use: compare)
        router.get("/monthly", use: monthly)
        router.post("/monthly", use: generateMonthly)
        router.get("/monthly/:id", use: monthlyReport)
        router.get("/admin/users", use: users)
        router.post("/admin/users", use: addUser)
        router.post("/admin/users/:name/role", use: changeRole)
        router.post("/admin/users/:name/disable", use: disableUser)
        router.post("/admin/users/:name/enable", use: enableUser)
        router.get("/scans/review", use: scanReview)
        router.get("/scans/review/crop", use: scanCrop)
        router.post("/scans/review", use: scanDecide)
        router.post("/scans/upload", use: scanUpload)
        router.get("/s/:token", use: publicForm)
        router.post("/s/:token", use: postPublicForm)
        router.get("/s/:token/cam-on", use: publicThanks)
        router.get("/kiosk", use: kioskPage)
        router.get("/kiosk.js", use: kioskScript)
        router.post("/kiosk/pair", use: pairKiosk)
    }

    // MARK: Rendering

    func page(_ context: AppContext, title: String, template: String, _ object: [String: Any], status: HTTPResponse.Status = .ok)
        -> Response
    {
        var object = object
        object["csrf"] = context.csrfToken ?? ""
        if let user = context.user {
            object["user"] = ["username": user.username, "csrf": context.csrfToken ?? "", "isAdmin": user.role == .admin] as [String: Any]
        }
        return Self.html(WebTemplates.page(template, title: title, object), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The signed-in account of a page, or 401 (which the error middleware turns into a
    /// redirect to the sign-in page).
    func user(_ context: AppContext) throws -> AuthUser {
        guard let user = context.user else { throw HTTPError(.unauthorized, message: "sign in first") }
        guard user.role != .kiosk else {
            throw HTTPError(.forbidden, message: "Tài khoản thiết bị (kiosk) chỉ gửi phiếu khảo sát, không dùng các trang này.")
        }
        return user
    }

    /// Reads a form and checks its CSRF token against the session's.
    func form(_ request: Request, _ context: AppContext, limit: Int = 64 * 1024) async throws -> FormData {
        let form = try await FormData.parse(request, limit: limit)
        try checkCSRF(form.fields, context)
        return form
    }

    /// Checks a form's CSRF token against the session's.
    func checkCSRF(_ fields: [String: String], _ context: AppContext) throws {
        guard let expected = context.csrfToken, let sent = fields["_csrf"], AuthMiddleware.same(sent, expected) else {
            throw HTTPError(
                .forbidden, message: "Biểu mẫu đã hết hạn hoặc không đến từ sipas (thiếu mã CSRF). Hãy tải lại trang và thử lại.")
        }
    }

    func surveyOptions(selected: String? = nil) async throws -> [[String: Any]] {
        var seen = Set<String>()
        var options: [[String: Any]] = []
        for summary in try await SurveyStore(db).list().sorted(by: { ($0.code, -$0.version) < ($1.code, -$1.version) })
        where seen.insert(summary.code).inserted {
            options.append(["code": summary.code, "title": summary.title.vi, "selected": summary.code == (selected ?? "sipas-2017")])
        }
        return options
    }

    static func previousMonth() -> Period {
        let today = CalendarDate.today()
        let index = today.year * 12 + today.month - 2
        return Period.month(index / 12, index % 12 + 1)
    }

    // MARK: Signing in

    func home(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { return Self.redirect("/login") }
        return page(
            context, title: "Trang chính", template: "home",
            [
                "username": user.username, "roleLabel": user.role.label.vi, "unit": user.unitCode ?? "", "hasUnit": user.unitCode != nil,
                "mayImport": user.mayImport, "isAdmin": user.role == .admin,
            ])
    }

    func loginForm(_ request: Request, context: AppContext) async throws -> Response {
        if context.user != nil { return Self.redirect("/") }
        return loginPage(context, message: nil, username: "", status: .ok)
    }

    /// The sign-in form carries a token that must equal a cookie set with it (there is no
    /// session yet to hold one): another site cannot read the cookie to forge the post.
    func loginPage(_ context: AppContext, message: String?, username: String, status: HTTPResponse.Status) -> Response {
        let token = AccountStore.randomToken()
        var object: [String: Any] = ["username": username, "csrf": token]
        if let message { object["message"] = message }
        var response = Self.html(WebTemplates.page("login", title: "Đăng nhập", object), status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCSRFCookie, value: token, maxAge: 3600, path: "/login", secure: configuration.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormData.parse(request, limit: 16 * 1024)
        guard let cookie = request.cookies[Self.loginCSRFCookie]?.value, let sent = form["_csrf"], !cookie.isEmpty,
            AuthMiddleware.same(sent, cookie)
        else {
            throw HTTPError(
                .forbidden, message: "Biểu mẫu đăng nhập đã hết hạn hoặc không đến từ sipas (thiếu mã CSRF). Hãy tải lại trang và thử lại.")
        }
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"] ?? ""
        let address = context.remoteAddress
        let account: AccountStore.Account
        switch try await SignIn(db, policy: configuration.signInPolicy).attempt(username: username, password: password, address: address) {
        case .signedIn(let signedIn):
            account = signedIn
        case .refused:
            return loginPage(context, message: "Tên đăng nhập hoặc mật khẩu không đúng.", username: username, status: .unauthorized)
        case .slowDown(let seconds):
            var response = loginPage(
                context, message: "Đăng nhập sai nhiều lần từ máy này. Hãy thử lại sau \(seconds) giây.", username: username,
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let accounts = AccountStore(db)
        let session = try await accounts.createSession(for: account, lifetime: configuration.sessionLifetime, address: address)
        return Self.redirect(
            "/",
            cookies: [
                Cookie(
                    name: AuthMiddleware.sessionCookie, value: session.token, maxAge: Int(configuration.sessionLifetime), path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .strict),
                Cookie(
                    name: Self.loginCSRFCookie, value: "", maxAge: 0, path: "/login", secure: configuration.secureCookies, httpOnly: true,
                    sameSite: .strict),
            ])
    }

    func logout(_ request: Request, context: AppContext) async throws -> Response {
        _ = try await form(request, context)
        if let token = request.cookies[AuthMiddleware.sessionCookie]?.value { try await AccountStore(db).deleteSession(token: token) }
        return Self.redirect(
            "/login",
            cookies: [
                Cookie(
                    name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies,
                    httpOnly: true, sameSite: .strict)
            ])
    }
}
