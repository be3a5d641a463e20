import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// An account bound to a unit sees only its area: the report's list of uploads names only
/// uploads inside it, and province-wide kept reports are neither listed nor served to it.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct AreaVisibilityTests {
    static func importTally(_ db: Database, unit: String, name: String) async throws {
        let folder = try ImportFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try ImportFixture.write(WebFixture.tally(unit), to: name, in: folder)
        _ = try await ImportService(db).importTallies(
            url, options: .init(surveyCode: "sipas-2017", actor: "ana", today: CalendarDate("2021-04-02")!))
    }

    @Test func theReportNamesOnlyTheClerksUploads() async throws {
        try await WebFixture.withApp { client, db in
            try await Self.importTally(db, unit: "18073", name: "nam-ha-thang-3.csv")
            try await Self.importTally(db, unit: "18076", name: "ky-anh-secret.csv")
            var clerk = Browser()
            #expect(try await clerk.signIn(client, "clerk", WebFixture.password("clerk")).status == .seeOther)
            let (status, page, _) = try await clerk.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1")
            #expect(status == .ok)
            #expect(page.contains("nam-ha-thang-3.csv"))
            #expect(!page.contains("ky-anh-secret.csv"))
            // The same report as an HTML file (the download link) holds the same list.
            let (_, file, _) = try await clerk.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1&format=html")
            #expect(!file.contains("ky-anh-secret.csv"))
            // The analyst sees both.
            var analyst = Browser()
            #expect(try await analyst.signIn(client, "ana", WebFixture.password("ana")).status == .seeOther)
            let (_, all, _) = try await analyst.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1")
            #expect(all.contains("nam-ha-thang-3.csv") && all.contains("ky-anh-secret.csv"))
        }
    }

    @Test func keptMonthlyReportsAreNotListedToAClerk() async throws {
        try await WebFixture.withApp { client, db in
            try await Self.importTally(db, unit: "18073", name: "nam-ha-thang-3.csv")
            let id = try await MonthlyReports(db).generate(surveyCode: "sipas-2017", period: .month(2021, 3), actor: "ana")
            var clerk = Browser()
            #expect(try await clerk.signIn(client, "clerk", WebFixture.password("clerk")).status == .seeOther)
            let (status, page, _) = try await clerk.get(client, "/monthly")
            #expect(status == .ok)
            #expect(!page.contains("/monthly/\(id)"))
            #expect(page.contains("toàn tỉnh"))
            let (refused, _, _) = try await clerk.get(client, "/monthly/\(id)")
            #expect(refused == .forbidden)
            var analyst = Browser()
            #expect(try await analyst.signIn(client, "ana", WebFixture.password("ana")).status == .seeOther)
            let (_, listed, _) = try await analyst.get(client, "/monthly")
            #expect(listed.contains("/monthly/\(id)"))
        }
    }

    @Test func aReusedCodeDoesNotInheritTheOldUnitsHistory() async throws {
        try await APITests().withApp { client, db, tokens in
            // Hà Tĩnh after 1 July 2025, where 18073 is Phường Thành Sen, with successions that
            // give it Bắc Hà (18077) but not the old Phường Nam Hà of the same code.
            let changes = try await ImportFixture.reorganise2025(db) { $0.change.oldCode != "18073" }
            #expect(changes.contains { $0.change.oldCode == "18077" && $0.change.newCode == "18073" })
            func upload(_ unit: String, _ period: String, as token: String) async throws -> HTTPResponse.Status {
                let response = try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=\(unit)-\(period).csv", method: .post,
                    headers: APITests.auth(token), body: ByteBuffer(string: WebFixture.tally(unit, period: period)))
                return response.status
            }
            func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(uri: uri, method: .get, headers: APITests.auth(tokens.clerk))
                return (response.status, String(buffer: response.body))
            }
            #expect(try await upload("18073", "2025-03", as: tokens.analyst) == .created)
            #expect(try await upload("18077", "2025-03", as: tokens.analyst) == .created)
            // The clerk of today's 18073 (Thành Sen) reads Bắc Hà's March, not Nam Hà's.
            #expect(try await get("/api/reports?survey=sipas-2017&period=2025-03&units=18077").0 == .ok)
            #expect(try await get("/api/reports?survey=sipas-2017&period=2025-03&units=18073").0 == .forbidden)
            let (listed, uploads) = try await get("/api/uploads")
            #expect(listed == .ok)
            #expect(uploads.contains("18077-2025-03.csv") && !uploads.contains("18073-2025-03.csv"), "\(uploads)")
            let (exported, rows) = try await get("/api/exports/tallies?survey=sipas-2017&period=2025-03&format=jsonl")
            #expect(exported == .ok)
            #expect(rows.contains("18077") && !rows.contains("\"18073\""), "\(rows)")
            // It uploads for its ward after the change, not for Nam Hà before it.
            #expect(try await upload("18073", "2025-03", as: tokens.clerk) == .forbidden)
            #expect(try await upload("18073", "2025-08", as: tokens.clerk) == .created)
            // The district account of the dissolved Thành phố Hà Tĩnh keeps its communes' past only.
            let district = try await client.execute(
                uri: "/api/reports?survey=sipas-2017&period=2025-03&units=18073", method: .get, headers: APITests.auth(tokens.district))
            #expect(district.status == .ok)
            #expect(try await upload("18073", "2025-08", as: tokens.district) == .forbidden)
        }
    }
}
