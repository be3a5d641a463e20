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
}
