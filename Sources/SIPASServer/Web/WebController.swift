import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import SIPASCore
import SIPASFiles
import SIPASStore

/// The web pages: sign in, upload (and the tally template), my uploads with their errors,
/// the monthly report, the district comparison, the kept monthly reports, and accounts for
/// admins. Server-rendered from the Mustache templates in `WebTemplates`; every form carries
/// the session's CSRF token and every write is checked against it.
struct WebController {
    let db: Database
    let configuration: ServerConfiguration

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
    ]

    static let loginCSRFCookie = "sipas_login_csrf"
    /// Failed sign-ins allowed per account name or address within `loginWindow`.
    static let loginAttempts = 5
    static let loginWindow: TimeInterval = 15 * 60

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
    }

    // MARK: Rendering

    func page(_ context: AppContext, title: String, template: String, _ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var object = object
        object["csrf"] = context.csrfToken ?? ""
        let body = WebTemplates.render(template, object)
        var layout: [String: Any] = ["title": title, "body": body]
        if let user = context.user {
            layout["user"] = ["username": user.username, "csrf": context.csrfToken ?? "", "isAdmin": user.role == .admin] as [String: Any]
        }
        return Self.html(WebTemplates.render("layout", layout), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
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
        return user
    }

    /// Reads a form and checks its CSRF token against the session's.
    func form(_ request: Request, _ context: AppContext, limit: Int = 64 * 1024) async throws -> FormData {
        let form = try await FormData.parse(request, limit: limit)
        guard let expected = context.csrfToken, let sent = form["_csrf"], AuthMiddleware.same(sent, expected) else {
            throw HTTPError(.forbidden, message: "Biểu mẫu đã hết hạn hoặc không đến từ sipas (thiếu mã CSRF). Hãy tải lại trang và thử lại.")
        }
        return form
    }

    func surveyOptions(selected: String? = nil) async throws -> [[String: Any]] {
        var seen = Set<String>()
        var options: [[String: Any]] = []
        for summary in try await SurveyStore(db).list().sorted(by: { ($0.code, -$0.version) < ($1.code, -$1.version) }) where seen.insert(summary.code).inserted {
            options.append(["code": summary.code, "title": summary.title.vi, "selected": summary.code == (selected ?? "sipas-2017")])
        }
        return options
    }

    static func previousMonth() -> Period {
        let today = CalendarDate.today()
        let index = today.year * 12 + today.month - 2
        return Period.month(index / 12, index % 12 + 1)
    }

    static func format(_ date: Date) -> String { ReportDocumentService.format(date) }

    static func roleLabel(_ role: AuthUser.Role) -> String {
        switch role {
        case .admin: return "Quản trị"
        case .analyst: return "Chuyên viên phân tích"
        case .uploader: return "Cán bộ tải lên"
        case .viewer: return "Người xem báo cáo"
        }
    }

    // MARK: Signing in

    func home(_ request: Request, context: AppContext) async throws -> Response {
        guard let user = context.user else { return Self.redirect("/login") }
        return page(context, title: "Trang chính", template: "home", [
            "username": user.username, "roleLabel": Self.roleLabel(user.role), "unit": user.unitCode ?? "", "hasUnit": user.unitCode != nil,
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
        let body = WebTemplates.render("login", object)
        var response = Self.html(WebTemplates.render("layout", ["title": "Đăng nhập", "body": body]), status: status)
        response.setCookie(Cookie(name: Self.loginCSRFCookie, value: token, maxAge: 3600, path: "/login", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await FormData.parse(request, limit: 16 * 1024)
        guard let cookie = request.cookies[Self.loginCSRFCookie]?.value, let sent = form["_csrf"], !cookie.isEmpty, AuthMiddleware.same(sent, cookie) else {
            throw HTTPError(.forbidden, message: "Biểu mẫu đăng nhập đã hết hạn hoặc không đến từ sipas (thiếu mã CSRF). Hãy tải lại trang và thử lại.")
        }
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"] ?? ""
        let accounts = AccountStore(db)
        let address = context.remoteAddress
        if try await accounts.failedLogins(username: username, address: address, within: Self.loginWindow) >= Self.loginAttempts {
            return loginPage(context, message: "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.", username: username, status: .tooManyRequests)
        }
        let credentials = username.isEmpty || username.count > 64 ? nil : try await accounts.credentials(username)
        let hash = credentials?.passwordHash
        // bcrypt is slow on purpose: off the event loop. An unknown name costs the same time.
        let valid = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: hash ?? Self.dummyHash) && hash != nil
        }
        guard valid, let account = credentials?.account, !account.disabled else {
            try await accounts.recordFailedLogin(username: String(username.prefix(64)), address: address)
            return loginPage(context, message: "Tên đăng nhập hoặc mật khẩu không đúng.", username: username, status: .unauthorized)
        }
        let session = try await accounts.createSession(for: account, lifetime: configuration.sessionLifetime, address: address)
        return Self.redirect("/", cookies: [
            Cookie(name: AuthMiddleware.sessionCookie, value: session.token, maxAge: Int(configuration.sessionLifetime), path: "/",
                   secure: configuration.secureCookies, httpOnly: true, sameSite: .strict),
            Cookie(name: Self.loginCSRFCookie, value: "", maxAge: 0, path: "/login", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict),
        ])
    }

    /// A bcrypt hash of nothing anyone knows, verified when the account does not exist or
    /// has no password, so that the answer takes as long as for a real account.
    static let dummyHash = Bcrypt.hash(AccountStore.randomToken(), cost: 12)

    func logout(_ request: Request, context: AppContext) async throws -> Response {
        _ = try await form(request, context)
        if let token = request.cookies[AuthMiddleware.sessionCookie]?.value { try await AccountStore(db).deleteSession(token: token) }
        return Self.redirect("/login", cookies: [
            Cookie(name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict),
        ])
    }

    // MARK: Uploads

    func uploadForm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try Access.requireImport(user)
        return try await uploadPage(context, user: user, extra: [:], status: .ok)
    }

    func uploadPage(_ context: AppContext, user: AuthUser, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        var object: [String: Any] = [
            "surveys": try await surveyOptions(selected: extra["survey"] as? String), "maxMB": configuration.maxUploadBytes / 1_048_576,
            "defaultUnit": user.unitCode ?? "", "defaultPeriod": Self.previousMonth().description, "isTallies": true,
        ]
        object.merge(extra) { $1 }
        return page(context, title: "Tải lên", template: "upload", object, status: status)
    }

    func upload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try Access.requireImport(user)
        let form = try await form(request, context, limit: configuration.maxUploadBytes + 64 * 1024)
        guard let kind = UploadRunner.Kind(rawValue: form["kind"] ?? "") else { throw HTTPError(.badRequest, message: "Loại tệp phải là tallies hoặc responses.") }
        let survey = form["survey"] ?? ""
        guard let file = form.files["file"], file.bytes.readableBytes > 0 else {
            return try await uploadPage(context, user: user, extra: ["error": "Chưa chọn tệp, hoặc tệp rỗng.", "fileName": form.files["file"]?.fileName ?? "", "survey": survey], status: .badRequest)
        }
        let name = Access.safeFileName(file.fileName)
        let common: [String: Any] = ["fileName": name, "survey": survey, "isTallies": kind == .tallies]
        do {
            let result = try await UploadRunner(db: db, maxBytes: configuration.maxUploadBytes).run(kind: kind, survey: survey, fileName: name, bytes: file.bytes,
                                                            replace: form["replace"] == "true", check: false, user: user)
            switch result {
            case let .imported(upload, _): return Self.redirect("/uploads/\(upload.id)?new=1")
            case let .alreadyImported(upload): return Self.redirect("/uploads/\(upload.id)?already=1")
            case .checked: return Self.redirect("/uploads")
            }
        } catch let problems as FileProblems {
            let shown = Array(problems.problems.prefix(200))
            try await UploadRejectionStore(db).record(
                userID: user.id, kind: kind.rawValue, surveyCode: survey, fileName: name, sha256: FileDigest.sha256(Array(file.bytes.readableBytesView)),
                byteCount: file.bytes.readableBytes, problems: shown, problemCount: problems.problems.count)
            var object = common
            object.merge(Self.problemRows(shown, total: problems.problems.count)) { $1 }
            object["hasProblems"] = true
            object["problemCount"] = problems.problems.count
            return try await uploadPage(context, user: user, extra: object, status: .unprocessableContent)
        } catch let error as UploadError {
            return try await uploadPage(context, user: user, extra: common.merging(["error": error.description]) { $1 }, status: .conflict)
        } catch let error as ScopeDenied {
            return try await uploadPage(context, user: user, extra: common.merging(["error": error.message]) { $1 }, status: .forbidden)
        } catch let error as DatabaseError {
            if case .unreachable = error { throw error }
            return try await uploadPage(context, user: user, extra: common.merging(["error": error.description]) { $1 }, status: .badRequest)
        }
    }

    static func problemRows(_ problems: [FileProblem], total: Int) -> [String: Any] {
        [
            "problems": problems.map { problem -> [String: Any] in
                var row: [String: Any] = ["line": problem.line.map(String.init) ?? "—", "column": problem.column ?? "—", "message": problem.message]
                if let vietnamese = ProblemText.vietnamese(problem.message) {
                    row["message"] = vietnamese
                    row["original"] = problem.message
                }
                return row
            },
            "more": total - problems.count, "hasMore": total > problems.count,
        ]
    }

    func template(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try Access.requireImport(user)
        let query = request.uri.queryParameters
        let survey = query["survey"].map(String.init) ?? ""
        guard let period = query["period"].flatMap({ Period(String($0)) }), period.kind != .year else {
            throw HTTPError(.badRequest, message: "Kỳ phải là tháng YYYY-MM hoặc quý YYYY-Qn.")
        }
        let codes = (query["unit"].map(String.init) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !codes.isEmpty else { throw HTTPError(.badRequest, message: "Cần mã đơn vị.") }
        if user.role == .uploader {
            let area = try await Access.area(of: user, db: db)
            guard codes.allSatisfy({ area.contains($0) }) else { throw HTTPError(.forbidden, message: "Chỉ tải được mẫu của đơn vị mình và các đơn vị trực thuộc.") }
        }
        let sheet: TallyTemplate
        do {
            sheet = try await TemplateService(db).template(surveyCode: survey, unitCodes: codes, children: query["children"] == "true", period: period)
        } catch let error as TemplateService.TemplateError {
            throw HTTPError(.badRequest, message: error.description)
        }
        let stem = "tally-\(codes.joined(separator: "_"))-\(period)"
        if query["format"] == "csv" {
            return ReportDownload.file(Array(sheet.csv()), type: "text/csv; charset=utf-8", name: stem + ".csv")
        }
        let bytes = try ReportDownload.temporaryFile { try sheet.writeXLSX(to: $0) }
        return ReportDownload.file(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: stem + ".xlsx")
    }

    static func statusLabel(_ status: UploadStore.Status) -> String { status == .active ? "đang dùng" : "đã thay thế" }

    func uploads(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let store = UploadStore(db)
        var all = try await store.list(limit: 500)
        if user.role == .uploader {
            let area = try await Access.area(of: user, db: db)
            let codes = try await store.unitCodes(of: all.map(\.id))
            all = all.filter { (codes[$0.id] ?? []).isSubset(of: area) }
        }
        let rejections = try await UploadRejectionStore(db).list(userID: user.id)
        return page(context, title: "Các tệp đã tải lên", template: "uploads", [
            "uploads": all.map {
                ["id": $0.id, "fileName": $0.fileName, "kind": $0.kind.rawValue, "survey": $0.surveyCode, "by": $0.uploadedBy,
                 "at": Self.format($0.uploadedAt), "questionnaires": $0.questionnaires, "status": $0.status.rawValue, "statusLabel": Self.statusLabel($0.status)] as [String: Any]
            },
            "hasRejections": !rejections.isEmpty,
            "rejections": rejections.map { r -> [String: Any] in
                var row: [String: Any] = ["fileName": r.fileName, "kind": r.kind, "survey": r.surveyCode, "at": Self.format(r.rejectedAt), "problemCount": r.problemCount]
                row.merge(Self.problemRows(r.problems, total: r.problemCount)) { $1 }
                return row
            },
        ])
    }

    func uploadDetail(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound, message: "Không có tệp này.") }
        let store = UploadStore(db)
        let upload = try await store.get(id)
        let scopes = try await store.scopes(of: id)
        if user.role == .uploader {
            let area = try await Access.area(of: user, db: db)
            guard scopes.allSatisfy({ area.contains($0.unitCode) }) else { throw HTTPError(.forbidden, message: "Tệp số \(id) không thuộc đơn vị của bạn.") }
        }
        let query = request.uri.queryParameters
        return page(context, title: "Tệp số \(id)", template: "upload-detail", [
            "id": upload.id, "fileName": upload.fileName, "kind": upload.kind.rawValue, "survey": upload.surveyCode, "surveyVersion": upload.surveyVersion,
            "statusLabel": Self.statusLabel(upload.status), "by": upload.uploadedBy, "at": Self.format(upload.uploadedAt),
            "shortHash": String(upload.sha256.prefix(16)) + "…", "questionnaires": upload.questionnaires, "units": upload.unitCount,
            "supersedes": upload.supersedes.map(String.init).joined(separator: ", "),
            "isNew": query["new"] == "1", "isAlready": query["already"] == "1",
            "canRevert": upload.status == .superseded && (user.role == .admin || user.role == .analyst),
            "scopes": scopes.map { ["unit": $0.unitCode, "name": $0.unitName, "period": $0.period.description, "questionnaires": $0.questionnaires] as [String: Any] },
        ])
    }

    func revert(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        _ = try await form(request, context)
        try Access.requireAnalyst(user, "revert uploads")
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound) }
        _ = try await UploadStore(db).revert(id, actor: user.username)
        return Self.redirect("/uploads/\(id)")
    }

    // MARK: Reports

    func reports(_ request: Request, context: AppContext) async throws -> Response {
        try await reportPage(request, context, comparison: false)
    }

    func compare(_ request: Request, context: AppContext) async throws -> Response {
        try await reportPage(request, context, comparison: true)
    }

    /// The form, or with `view=1` (or a `format`) the report itself: the self-contained HTML
    /// report with links to its XLSX, CSV and JSON.
    func reportPage(_ request: Request, _ context: AppContext, comparison: Bool) async throws -> Response {
        let user = try user(context)
        let query = request.uri.queryParameters
        let survey = query["survey"].map(String.init) ?? "sipas-2017"
        let periodText = query["period"].map(String.init) ?? Self.previousMonth().description
        let unitsText = query["units"].map(String.init) ?? ""
        let action = comparison ? "/compare" : "/reports"
        guard query["view"] != nil || query["format"] != nil else {
            return page(context, title: comparison ? "So sánh huyện" : "Báo cáo tháng", template: "reports", [
                "heading": comparison ? "So sánh các huyện, thị xã, thành phố" : "Báo cáo tháng", "action": action,
                "surveys": try await surveyOptions(selected: survey), "period": periodText, "units": unitsText, "showUnits": !comparison,
            ])
        }
        guard let period = Period(periodText), period.kind == .month else { throw HTTPError(.badRequest, message: "Tháng phải có dạng YYYY-MM.") }
        let requested = unitsText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if comparison && user.role == .uploader { throw HTTPError(.forbidden, message: "Cán bộ tải lên chỉ xem được báo cáo của đơn vị mình.") }
        let units = try await Access.reportUnits(requested, user: user, db: db)
        let serviceRequest = ReportService.Request(
            surveyCode: survey, from: period, to: period, level: comparison ? .district : nil, unitCodes: units,
            scope: comparison ? .area : .self, today: .today())
        let (report, surveyDefinition) = try await ReportService(db).report(serviceRequest)
        let format = ReportDownload.Format(rawValue: query["format"].map(String.init) ?? "html") ?? .html
        let title = comparison
            ? "So sánh chỉ số hài lòng (SIPAS) các huyện, thị xã, thành phố — \(period.label(.vi))"
            : "Báo cáo chỉ số hài lòng (SIPAS) — \(period.label(.vi))"
        guard format == .html else {
            return try await ReportDownload.response(report, survey: surveyDefinition, request: serviceRequest, format: format,
                                                     table: query["table"].map(String.init), db: db, title: title)
        }
        let document = try await ReportDocumentService(db).html(report, survey: surveyDefinition, request: serviceRequest, language: .vi, title: title)
        var link = URLComponents()
        link.queryItems = [URLQueryItem(name: "survey", value: survey), URLQueryItem(name: "period", value: period.description)]
            + (unitsText.isEmpty ? [] : [URLQueryItem(name: "units", value: unitsText)])
        let base = action + (link.percentEncodedQuery.map { "?" + $0 } ?? "")
        let bar = """
            <nav class="sipas-bar" style="font:14px system-ui,sans-serif;padding:.5rem 1rem;background:#0b5cad;color:#fff" aria-label="sipas">\
            <a style="color:#fff" href="/">SIPAS</a> · <a style="color:#fff" href="\(HTML.escape(action))">Chọn kỳ khác</a> · Tải về: \
            <a style="color:#fff" href="\(HTML.escape(base))&amp;format=xlsx">XLSX</a> · \
            <a style="color:#fff" href="\(HTML.escape(base))&amp;format=csv&amp;table=units">CSV</a> · \
            <a style="color:#fff" href="\(HTML.escape(base))&amp;format=json">JSON</a></nav>
            """
        let withBar = document.replacingOccurrences(of: "<body>", with: "<body>\n" + bar, options: [], range: document.range(of: "<body>"))
        return Self.html(withBar)
    }

    func monthly(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let reports = try await MonthlyReportStore(db).list()
        return page(context, title: "Báo cáo định kỳ", template: "monthly", [
            "day": configuration.monthlyReportDay, "mayGenerate": user.role == .admin || user.role == .analyst,
            "surveys": try await surveyOptions(), "defaultPeriod": Self.previousMonth().description,
            "reports": reports.map { ["id": $0.id, "period": $0.period.label(.vi), "survey": $0.surveyCode, "at": Self.format($0.generatedAt), "by": $0.generatedBy] as [String: Any] },
        ])
    }

    func generateMonthly(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try Access.requireAnalyst(user, "generate monthly reports")
        guard let period = Period(form["period"] ?? ""), period.kind == .month else { throw HTTPError(.badRequest, message: "Tháng phải có dạng YYYY-MM.") }
        let id = try await MonthlyReports(db).generate(surveyCode: form["survey"] ?? "", period: period, actor: user.username)
        return Self.redirect("/monthly/\(id)")
    }

    func monthlyReport(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        if user.role == .uploader { throw HTTPError(.forbidden, message: "Cán bộ tải lên chỉ xem được báo cáo của đơn vị mình.") }
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound) }
        let part = request.uri.queryParameters["part"].map(String.init) ?? "html"
        guard part == "html" else { return try await ReportDownload.kept(id, part: part, db: db) }
        // Shown as a page: the same strict headers as every page.
        return Self.html(String(decoding: try await MonthlyReportStore(db).content(id, part: .html), as: UTF8.self))
    }

    // MARK: Accounts

    static let roles: [(String, String)] = [("admin", "Quản trị"), ("analyst", "Chuyên viên phân tích"), ("uploader", "Cán bộ tải lên"), ("viewer", "Người xem báo cáo")]

    func users(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try Access.requireAdmin(user)
        return try await usersPage(context, message: nil, good: true, status: .ok)
    }

    func usersPage(_ context: AppContext, message: String?, good: Bool, status: HTTPResponse.Status) async throws -> Response {
        let accounts = try await AccountStore(db).list()
        var object: [String: Any] = [
            "accounts": accounts.map { a -> [String: Any] in
                ["username": a.username, "role": a.role, "unit": a.unitCode ?? "", "disabled": a.disabled,
                 "roles": Self.roles.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == a.role] as [String: Any] }]
            },
        ]
        if let message { object["message"] = message; object["messageClass"] = good ? "good" : "bad" }
        return page(context, title: "Tài khoản", template: "users", object, status: status)
    }

    func addUser(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try Access.requireAdmin(user)
        let name = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let role = form["role"] ?? ""
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        guard password.count >= 10 else { return try await usersPage(context, message: "Mật khẩu cần ít nhất 10 ký tự.", good: false, status: .badRequest) }
        let hash = try await Passwords.hash(password, cost: configuration.bcryptCost)
        do {
            _ = try await AccountStore(db).add(username: name, role: role, unitCode: unit.isEmpty ? nil : unit, passwordHash: hash, actor: user.username)
        } catch let error as DatabaseError {
            return try await usersPage(context, message: error.description, good: false, status: .badRequest)
        }
        return try await usersPage(context, message: "Đã thêm tài khoản \(name).", good: true, status: .ok)
    }

    func changeRole(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let form = try await form(request, context)
        try Access.requireAdmin(user)
        let name = try context.parameters.require("name")
        let unit = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await AccountStore(db).setRole(name, role: form["role"] ?? "", unitCode: unit.isEmpty ? nil : unit, actor: user.username)
        } catch let error as DatabaseError {
            if case .notFound = error { throw error }
            return try await usersPage(context, message: error.description, good: false, status: .badRequest)
        }
        return try await usersPage(context, message: "Đã đổi vai trò của \(name).", good: true, status: .ok)
    }

    func disableUser(_ request: Request, context: AppContext) async throws -> Response { try await setDisabled(request, context, true) }
    func enableUser(_ request: Request, context: AppContext) async throws -> Response { try await setDisabled(request, context, false) }

    func setDisabled(_ request: Request, _ context: AppContext, _ disabled: Bool) async throws -> Response {
        let user = try user(context)
        _ = try await form(request, context)
        try Access.requireAdmin(user)
        let name = try context.parameters.require("name")
        guard name != user.username else { return try await usersPage(context, message: "Không thể tự khoá tài khoản của mình.", good: false, status: .badRequest) }
        try await AccountStore(db).setDisabled(name, disabled, actor: user.username)
        return try await usersPage(context, message: disabled ? "Đã khoá \(name)." : "Đã mở khoá \(name).", good: true, status: .ok)
    }
}

/// Password hashing with bcrypt, off the event loop.
public enum Passwords {
    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }
}
