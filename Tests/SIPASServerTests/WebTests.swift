import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

@testable import SIPASServer

/// The web pages through the production router against the real PostgreSQL: signing in,
/// sessions, CSRF, the rate limit, uploads with their errors, reports, kept monthly reports
/// and accounts.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct WebTests {
    static func sha256(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }

    @Test func signingInGivesAHardenedSessionCookieStoredOnlyAsAHash() async throws {
        try await WebFixture.withApp { client, db in
            var browser = Browser()
            let (status, page, loginResponse) = try await browser.get(client, "/login")
            #expect(status == .ok)
            #expect(page.contains("Đăng nhập") && page.contains(#"lang="vi""#) && page.contains("width=device-width"))
            let loginCookie = try #require(loginResponse.headers[values: .setCookie].first { $0.hasPrefix("sipas_login_csrf=") })
            #expect(loginCookie.contains("HttpOnly") && loginCookie.contains("SameSite=Strict"))

            let response = try await browser.signIn(client, "clerk", WebFixture.password("clerk"))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("sipas_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            let token = try #require(browser.cookies["sipas_session"])
            // The database holds the SHA-256 of the cookie, never the cookie.
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions WHERE session_id = '\(Self.sha256(token))'", as: Int.self) == 1)
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions WHERE session_id = '\(token)'", as: Int.self) == 0)
            #expect(try await AuditLog.events(db).contains { $0.action == "login" && $0.actor == "clerk" })

            let (homeStatus, home, _) = try await browser.get(client, "/")
            #expect(homeStatus == .ok && home.contains("Xin chào, clerk") && home.contains("Cán bộ tải lên"))

            // Signing out ends the session in the database too.
            let csrf = try await browser.sessionCSRF(client)
            let out = try await browser.post(client, "/logout", ["_csrf": csrf])
            #expect(out.status == .seeOther)
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions", as: Int.self) == 0)
            var stale = Browser()
            stale.cookies["sipas_session"] = token
            let (afterStatus, _, after) = try await stale.get(client, "/uploads")
            #expect(afterStatus == .seeOther && after.headers[.location] == "/login")
        }
    }

    @Test func wrongPasswordsAreAuditedAndSigningInIsRateLimited() async throws {
        try await WebFixture.withApp(configuration: SignInThrottleTests.slow) { client, db in
            let stored = try #require(try await db.scalar("SELECT password_hash FROM app_users WHERE username = 'clerk'", as: String.self))
            #expect(stored.hasPrefix("$2b$") || stored.hasPrefix("$2a$") || stored.hasPrefix("$2y$"), "bcrypt: \(stored.prefix(4))")
            #expect(!stored.contains(WebFixture.password("clerk")))
            var browser = Browser()
            // Three failures are free; the fourth makes this name and address wait.
            for attempt in 1...4 {
                let response = try await browser.signIn(client, "clerk", "wrong-password-\(attempt)")
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("không đúng"))
            }
            #expect(try await AuditLog.events(db).filter { $0.action == "login.fail" && $0.objectID == "clerk" }.count == 4)
            // Now even the right password from this address waits (without being checked).
            let limited = try await browser.signIn(client, "clerk", WebFixture.password("clerk"))
            #expect(limited.status == .tooManyRequests)
            #expect(
                (1...60).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0), "Retry-After \(limited.headers[.retryAfter] ?? "none")")
            #expect(try await AuditLog.events(db).filter { $0.action == "login.fail" }.count == 4)
            #expect(browser.cookies["sipas_session"] == nil)
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions", as: Int.self) == 0)
        }
    }

    @Test func theSignInFormNeedsItsCSRFToken() async throws {
        try await WebFixture.withApp { client, db in
            var browser = Browser()
            // No cookie, no token.
            let bare = try await browser.post(client, "/login", ["username": "clerk", "password": WebFixture.password("clerk")])
            #expect(bare.status == .forbidden)
            // A token that is not the cookie's.
            _ = try await browser.get(client, "/login")
            let forged = try await browser.post(
                client, "/login",
                ["_csrf": String(repeating: "a", count: 64), "username": "clerk", "password": WebFixture.password("clerk")])
            #expect(forged.status == .forbidden)
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions", as: Int.self) == 0)
        }
    }

    @Test func aClerkUploadsABadFileSeesItsErrorsByRowAndColumnThenFixesIt() async throws {
        try await WebFixture.withApp { client, db in
            var browser = Browser()
            _ = try await browser.signIn(client, "clerk", WebFixture.password("clerk"))
            let (formStatus, form, _) = try await browser.get(client, "/upload")
            #expect(formStatus == .ok && form.contains(#"enctype="multipart/form-data""#))
            let csrf = try #require(Browser.csrf(in: form))
            let before = try await ImportFixture.footprint(db)

            let bad = Array("unit,period,item,option,count\n18073,2021-03,questionnaires,,40\n18073,2021-03,1.1,4,-2\n".utf8)
            let refused = try await client.execute(
                uri: "/upload", method: .post, headers: browser.multipartHeaders(),
                body: Browser.multipart(["_csrf": csrf, "kind": "tallies", "survey": "sipas-2017"], file: ("file", "thang3.csv", bad)))
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            // The problem is shown next to its row and column.
            // In Vietnamese, with the validator's own words beneath for whoever supports the clerk.
            #expect(
                page.contains(
                    #"<td class="where">3</td><td class="where">count</td><td>số -2 là số âm; cần số nguyên từ 0 trở lên<br><span class="muted" lang="en">count -2 is negative"#
                ))
            #expect(try await ImportFixture.footprint(db) == before)

            // "My uploads" keeps the refused file with its errors.
            let (_, mine, _) = try await browser.get(client, "/uploads")
            #expect(mine.contains("thang3.csv") && mine.contains("count -2 is negative"))

            // Fixed, it goes in, and the page says so.
            let fixed = Array(WebFixture.tally("18073").utf8)
            let accepted = try await client.execute(
                uri: "/upload", method: .post, headers: browser.multipartHeaders(),
                body: Browser.multipart(["_csrf": csrf, "kind": "tallies", "survey": "sipas-2017"], file: ("file", "thang3.csv", fixed)))
            #expect(accepted.status == .seeOther)
            let location = try #require(accepted.headers[.location])
            #expect(location.hasPrefix("/uploads/") && location.hasSuffix("?new=1"))
            let (_, detail, _) = try await browser.get(client, location)
            #expect(detail.contains("Đã nhận tệp: 40 phiếu, 1 đơn vị"))
            #expect(try await db.scalar("SELECT uploaded_by FROM uploads", as: String.self) == "clerk")
        }
    }

    @Test func everyFormIsRefusedWithoutItsCSRFTokenAndWritesNothing() async throws {
        try await WebFixture.withApp { client, db in
            var admin = Browser()
            _ = try await admin.signIn(client, "admin", WebFixture.password("admin"))
            let id = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18070"), to: "a.csv", in: try ImportFixture.folder()),
                options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            guard case .imported(let upload, _) = id else {
                Issue.record("not imported")
                return
            }
            let before = try await ImportFixture.footprint(db)
            let users = try await db.scalar(
                "SELECT string_agg(username || role || disabled::text, ',' ORDER BY username) FROM app_users", as: String.self)
            let posts: [(String, [String: String])] = [
                ("/logout", [:]), ("/uploads/\(upload.id)/revert", [:]), ("/monthly", ["survey": "sipas-2017", "period": "2021-03"]),
                ("/admin/users", ["username": "mallory", "role": "admin", "password": "0123456789ab"]),
                ("/admin/users/clerk/role", ["role": "admin"]), ("/admin/users/clerk/disable", [:]), ("/admin/users/viewer/enable", [:]),
            ]
            for (uri, fields) in posts {
                for token in [nil, String(repeating: "0", count: 64)] as [String?] {
                    var body = fields
                    if let token { body["_csrf"] = token }
                    let response = try await admin.post(client, uri, body)
                    #expect(response.status == .forbidden, "\(uri) with token \(token ?? "none")")
                }
            }
            let webUpload = try await client.execute(
                uri: "/upload", method: .post, headers: admin.multipartHeaders(),
                body: Browser.multipart(
                    ["kind": "tallies", "survey": "sipas-2017"], file: ("file", "b.csv", Array(WebFixture.tally("18073").utf8))))
            #expect(webUpload.status == .forbidden)
            // The session's cookie alone does not let another site write through the API either.
            let api = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=c.csv", method: .post, headers: admin.headers,
                body: ByteBuffer(string: WebFixture.tally("18073")))
            #expect(api.status == .forbidden)
            #expect(try await ImportFixture.footprint(db) == before)
            #expect(
                try await db.scalar(
                    "SELECT string_agg(username || role || disabled::text, ',' ORDER BY username) FROM app_users", as: String.self) == users
            )
            #expect(try await db.scalar("SELECT count(*)::int FROM monthly_reports", as: Int.self) == 0)
            #expect(try await db.scalar("SELECT count(*)::int FROM sessions", as: Int.self) == 1)
            // With the token in its header, the session may write through the API.
            let csrf = try await admin.sessionCSRF(client)
            var headers = admin.headers
            headers[.init("X-CSRF-Token")!] = csrf
            let allowed = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=c.csv", method: .post, headers: headers,
                body: ByteBuffer(string: WebFixture.tally("18073")))
            #expect(allowed.status == .created)
        }
    }

    @Test func anUploadersPagesStayInsideItsArea() async throws {
        try await WebFixture.withApp { client, db in
            guard
                case .imported(let other, _) = try await ImportService(db).importTallies(
                    try ImportFixture.write(WebFixture.tally("18070"), to: "a.csv", in: try ImportFixture.folder()),
                    options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            else {
                Issue.record("not imported")
                return
            }
            let kept = try await MonthlyReports(db).generate(surveyCode: "sipas-2017", period: Period("2021-03")!, actor: "test")
            var clerk = Browser()
            _ = try await clerk.signIn(client, "clerk", WebFixture.password("clerk"))
            for uri in [
                "/uploads/\(other.id)", "/template?survey=sipas-2017&unit=18070&period=2021-04",
                "/reports?survey=sipas-2017&period=2021-03&units=18070&view=1",
                "/reports?survey=sipas-2017&period=2021-03&units=18070&format=xlsx", "/compare?survey=sipas-2017&period=2021-03&view=1",
                "/admin/users", "/monthly/\(kept)", "/monthly/\(kept)?part=xlsx",
            ] {
                let (status, page, _) = try await clerk.get(client, uri)
                #expect(status == .forbidden, "\(uri)")
                #expect(page.contains("Không được phép"), "\(uri)")
            }
            let (_, list, _) = try await clerk.get(client, "/uploads")
            #expect(!list.contains("/uploads/\(other.id)\""))
            // Its own unit is fine.
            let (own, _, _) = try await clerk.get(client, "/reports?survey=sipas-2017&period=2021-03&units=18073&view=1")
            #expect(own == .ok)
            let (template, _, response) = try await clerk.get(client, "/template?survey=sipas-2017&unit=18073&period=2021-04&format=csv")
            #expect(template == .ok && String(buffer: response.body).contains("18073"))
            #expect(response.headers[.contentDisposition]?.contains("tally-18073-2021-04.csv") == true)
            let (_, _, xlsx) = try await clerk.get(client, "/template?survey=sipas-2017&unit=18073&period=2021-04&format=xlsx")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
        }
    }

    @Test func theMonthlyReportAndTheDistrictComparisonWithTheirDownloads() async throws {
        try await WebFixture.withApp { client, db in
            for unit in ["18070", "18073", "18100"] {
                _ = try await ImportService(db).importTallies(
                    try ImportFixture.write(WebFixture.tally(unit), to: "\(unit).csv", in: try ImportFixture.folder()),
                    options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            }
            var viewer = Browser()
            _ = try await viewer.signIn(client, "viewer", WebFixture.password("viewer"))
            let (formStatus, form, _) = try await viewer.get(client, "/reports")
            #expect(formStatus == .ok && form.contains(#"type="month""#))
            let (status, report, _) = try await viewer.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1")
            #expect(status == .ok)
            #expect(report.contains("Tháng 3/2021") && report.contains("format=xlsx") && report.contains("Phường Nam Hà"))
            let (_, _, xlsx) = try await viewer.get(client, "/reports?survey=sipas-2017&period=2021-03&format=xlsx")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            let (_, csv, csvResponse) = try await viewer.get(client, "/reports?survey=sipas-2017&period=2021-03&format=csv&table=units")
            #expect(csvResponse.headers[.contentType]?.hasPrefix("text/csv") == true && csv.contains("18073"))
            let (_, json, _) = try await viewer.get(client, "/reports?survey=sipas-2017&period=2021-03&format=json")
            let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
            #expect(decoded.units.contains { $0.code == "18073" && $0.respondents == 40 })
            let (compareStatus, comparison, _) = try await viewer.get(client, "/compare?survey=sipas-2017&period=2021-03&view=1")
            #expect(compareStatus == .ok && comparison.contains("Thành phố Hà Tĩnh"))
        }
    }

    @Test func monthlyReportsAreGeneratedOnTheirDayKeptAndListed() async throws {
        try await WebFixture.withApp { client, db in
            _ = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18073"), to: "a.csv", in: try ImportFixture.folder()),
                options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            let reports = MonthlyReports(db)
            // Before the day: nothing; on the day: last month, once; a month without data: nothing.
            #expect(try await reports.generateDue(today: CalendarDate("2021-04-04")!, day: 5, logger: db.logger).isEmpty)
            let made = try await reports.generateDue(today: CalendarDate("2021-04-05")!, day: 5, logger: db.logger)
            #expect(made.count == 1)
            #expect(try await reports.generateDue(today: CalendarDate("2021-04-20")!, day: 5, logger: db.logger).isEmpty)
            #expect(try await reports.generateDue(today: CalendarDate("2021-06-05")!, day: 5, logger: db.logger).isEmpty)
            #expect(try await AuditLog.events(db).contains { $0.action == "report.generate" && $0.actor == "sipas-scheduler" })

            var analyst = Browser()
            _ = try await analyst.signIn(client, "ana", WebFixture.password("ana"))
            let csrf = try await analyst.sessionCSRF(client)
            let generated = try await analyst.post(client, "/monthly", ["_csrf": csrf, "survey": "sipas-2017", "period": "2021-03"])
            #expect(generated.status == .seeOther)
            let (_, list, _) = try await analyst.get(client, "/monthly")
            #expect(list.components(separatedBy: "Tháng 3/2021").count - 1 == 2)
            let id = try #require(made.first)
            let (htmlStatus, html, _) = try await analyst.get(client, "/monthly/\(id)")
            #expect(htmlStatus == .ok && html.contains("Phường Nam Hà"))
            let (_, json, _) = try await analyst.get(client, "/monthly/\(id)?part=json")
            #expect(
                try JSONDecoder().decode(Report.self, from: Data(json.utf8)).units.contains { $0.code == "18073" && $0.respondents == 40 })
            let (_, _, xlsx) = try await analyst.get(client, "/monthly/\(id)?part=xlsx")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
        }
    }

    @Test func anAdminManagesAccountsAndEveryChangeIsAudited() async throws {
        try await WebFixture.withApp { client, db in
            var admin = Browser()
            _ = try await admin.signIn(client, "admin", WebFixture.password("admin"))
            let csrf = try await admin.sessionCSRF(client)
            let short = try await admin.post(
                client, "/admin/users", ["_csrf": csrf, "username": "xa2", "role": "uploader", "unit": "18070", "password": "short"])
            #expect(short.status == .badRequest)
            let added = try await admin.post(
                client, "/admin/users",
                ["_csrf": csrf, "username": "xa2", "role": "uploader", "unit": "18070", "password": "xa2-password-1"])
            #expect(added.status == .ok && String(buffer: added.body).contains("Đã thêm tài khoản xa2"))
            #expect(try await db.scalar("SELECT password_hash LIKE '$2%' FROM app_users WHERE username = 'xa2'", as: Bool.self) == true)
            let changed = try await admin.post(client, "/admin/users/xa2/role", ["_csrf": csrf, "role": "viewer", "unit": ""])
            #expect(changed.status == .ok)
            #expect(try await db.scalar("SELECT role FROM app_users WHERE username = 'xa2'", as: String.self) == "viewer")

            // The new account signs in; disabled, its session stops working at once, and so
            // does its API token, although the service had just seen it (tokens are cached).
            var xa2 = Browser()
            #expect(try await xa2.signIn(client, "xa2", "xa2-password-1").status == .seeOther)
            #expect(try await xa2.get(client, "/").0 == .ok)
            let token = try await AccountStore(db).createToken(for: "xa2", label: "kiosk", actor: "admin")
            func surveys() async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/surveys", method: .get, headers: [.authorization: "Bearer \(token)"]).status
            }
            #expect(try await surveys() == .ok)
            #expect(try await admin.post(client, "/admin/users/xa2/disable", ["_csrf": csrf]).status == .ok)
            #expect(try await surveys() == .unauthorized)
            let (after, _, response) = try await xa2.get(client, "/")
            #expect(after == .seeOther && response.headers[.location] == "/login")
            #expect(try await xa2.signIn(client, "xa2", "xa2-password-1").status == .unauthorized)

            let actions = try await AuditLog.events(db).filter { $0.actor == "admin" }.map(\.action)
            #expect(actions.contains("user.add") && actions.contains("user.role") && actions.contains("user.disable"))
            // Only admins see the page.
            var analyst = Browser()
            _ = try await analyst.signIn(client, "ana", WebFixture.password("ana"))
            #expect(try await analyst.get(client, "/admin/users").0 == .forbidden)
        }
    }

    /// The Vietnamese of the problems clerks meet most, matched against what the validators
    /// really say (so that a changed English message is noticed here).
    @Test func theCommonProblemsOfATallyAreSaidInVietnamese() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let file = """
                unit,period,item,option,count
                18073,2021-03,questionnaires,,40
                18073,2021-03,1.1,4,-2
                18073,2021-03,1.2,4,abc
                18073,2021-03,1.3,4,2.5
                18073,2021-03,9.9,4,1
                18073,2021-03,1.4,7,1
                18073,2021-03,1.5,4,1
                18073,2021-03,1.5,4,1
                99999,2021-03,1.1,4,1
                18073,2999-01,1.1,4,1
                18073,march,1.1,4,1
                18070,2021-03,1.1,4,1

                """
            let url = try ImportFixture.write(file, to: "t.csv", in: try ImportFixture.folder())
            do {
                _ = try await ImportService(db).importTallies(
                    url, options: .init(surveyCode: "sipas-2017", checkOnly: true, actor: "test", today: .today()))
                Issue.record("the file was accepted")
            } catch let problems as FileProblems {
                #expect(problems.problems.count >= 10)
                for problem in problems.problems {
                    let vietnamese = ProblemText.vietnamese(problem.message)
                    #expect(vietnamese != nil, "no Vietnamese for: \(problem.message)")
                    #expect(vietnamese?.contains("$") != true, "\(vietnamese ?? "")")
                }
            }
        }
    }

    @Test func anAnalystRevertsASupersededUploadFromItsPage() async throws {
        try await WebFixture.withApp { client, db in
            let folder = try ImportFixture.folder()
            guard
                case .imported(let first, _) = try await ImportService(db).importTallies(
                    try ImportFixture.write(WebFixture.tally("18073"), to: "a.csv", in: folder),
                    options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            else {
                Issue.record("not imported")
                return
            }
            _ = try await ImportService(db).importTallies(
                try ImportFixture.write(WebFixture.tally("18073", satisfied: 20), to: "b.csv", in: folder),
                options: .init(surveyCode: "sipas-2017", replace: true, actor: "test", today: .today()))
            // A clerk sees the upload but no button, and cannot post the form.
            var clerk = Browser()
            _ = try await clerk.signIn(client, "clerk", WebFixture.password("clerk"))
            let (_, clerkPage, _) = try await clerk.get(client, "/uploads/\(first.id)")
            #expect(clerkPage.contains("đã thay thế") && !clerkPage.contains("/revert"))
            let denied = try await clerk.post(client, "/uploads/\(first.id)/revert", ["_csrf": try #require(Browser.csrf(in: clerkPage))])
            #expect(denied.status == .forbidden)
            var analyst = Browser()
            _ = try await analyst.signIn(client, "ana", WebFixture.password("ana"))
            let (_, page, _) = try await analyst.get(client, "/uploads/\(first.id)")
            #expect(page.contains("Khôi phục tệp này"))
            let reverted = try await analyst.post(client, "/uploads/\(first.id)/revert", ["_csrf": try #require(Browser.csrf(in: page))])
            #expect(reverted.status == .seeOther)
            #expect(try await db.scalar("SELECT status FROM uploads WHERE upload_id = \(first.id)", as: String.self) == "active")
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01")["1.1"]?["4"] == 30)
            #expect(try await AuditLog.events(db).contains { $0.action == "upload.revert" && $0.actor == "ana" })
        }
    }
}
