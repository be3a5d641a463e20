import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

@testable import SIPASServer

/// The report page's completeness (section 7) through the production router: a viewer sees
/// every area; an uploader bound to a district sees its own area only, as the access policy
/// limits its reports — in the page and in the JSON it downloads.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct CompletenessWebTests {
    @Test func theReportPageShowsCompletenessWithinTheReadersArea() async throws {
        // District 436 must report as its committee and its communes (the shipped list, read as CSV).
        let rows = try UnitListFile.haTinh2021()
        let city = UnitListFile.mustReport(inDistrict: "436", of: rows)
        let otherCommune = try #require(rows.first { $0.parent == "440" && $0.level == "commune" })
        let town = try #require(rows.first { $0.parent == "437" && $0.level == "commune" })
        #expect(city.contains { $0.code == "18070" } && city.contains { $0.code == "18073" } && !city.contains { $0.code == town.code })
        try await WebFixture.withApp { client, db in
            for unit in ["18070", "18073", town.code] {
                _ = try await ImportService(db).importTallies(
                    try ImportFixture.write(WebFixture.tally(unit), to: "\(unit).csv", in: try ImportFixture.folder()),
                    options: .init(surveyCode: "sipas-2017", actor: "test", today: .today()))
            }
            let sent = 2.0  // 18070 and 18073
            let rate = String(format: "%.2f", 100 * sent / Double(city.count)).replacingOccurrences(of: ".", with: ",") + " %"

            var viewer = Browser()
            _ = try await viewer.signIn(client, "viewer", WebFixture.password("viewer"))
            let (status, page, _) = try await viewer.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1")
            #expect(status == .ok)
            #expect(page.contains("7. Tình hình gửi số liệu"))
            #expect(page.contains("<tr><td>436 Thành phố Hà Tĩnh</td><td class=\"num\">\(city.count)</td>"))
            #expect(page.contains("<td class=\"num\">\(rate)</td>"))
            #expect(page.contains("<td>\(otherCommune.code)</td><td>\(otherCommune.name)</td>"))
            #expect(!page.contains("Chỉ tính các đơn vị thuộc"))

            var district = Browser()
            _ = try await district.signIn(client, "district", WebFixture.password("district"))
            let (own, area, _) = try await district.get(client, "/reports?survey=sipas-2017&period=2021-03&view=1")
            #expect(own == .ok)
            #expect(area.contains("<tr><td>436 Thành phố Hà Tĩnh</td><td class=\"num\">\(city.count)</td>"))
            #expect(area.contains("Chỉ tính các đơn vị thuộc: 436."))
            // Nothing of other districts' or the departments' reporting.
            #expect(!area.contains(otherCommune.name) && !area.contains("437 Thị xã Hồng Lĩnh") && !area.contains("<td>42-SNV</td>"))
            #expect(page.contains("<td>42-SNV</td>"))
            let (_, json, _) = try await district.get(client, "/reports?survey=sipas-2017&period=2021-03&format=json")
            let report = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
            let completeness = try #require(report.completeness)
            #expect(completeness.restrictedTo == ["436"])
            #expect(Set(completeness.units.map(\.code)) == Set(city.map(\.code)))
            #expect(completeness.areas.map(\.code) == ["436"])
            #expect(completeness.total.expected == city.count && completeness.total.missing == city.count - 2)

            // A commune's clerk: its own unit only.
            var clerk = Browser()
            _ = try await clerk.signIn(client, "clerk", WebFixture.password("clerk"))
            let (_, clerkJSON, _) = try await clerk.get(client, "/reports?survey=sipas-2017&period=2021-03&format=json")
            let clerkReport = try JSONDecoder().decode(Report.self, from: Data(clerkJSON.utf8))
            #expect(clerkReport.completeness?.units.map(\.code) == ["18073"])
            #expect(clerkReport.completeness?.total.completeness == 100)
        }
    }
}
