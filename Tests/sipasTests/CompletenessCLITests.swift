import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 14, point 5, on the demo's March 2021: every district sends one file for its committee
/// and communes and the departments one together (as `sipas demo` does), except that commune
/// 18277 (Xã Lâm Trung Thủy, Huyện Đức Thọ) sent nothing. `sipas uploads missing` names it, and
/// the March report — JSON, HTML, text — shows Đức Thọ's completeness below 100 %.
///
/// Expected figures come from the shipped unit list read as plain CSV: Đức Thọ must report as
/// its committee and its 16 communes, n = 17, so its completeness is 100 × (n − 1) / n; the
/// province has 13 districts, 216 communes and 23 departments that must report.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct CompletenessCLITests {
    static let (left, leftName, district) = ("18277", "Xã Lâm Trung Thủy", "440")

    /// The demo's March 2021 files, one per district and one for the departments, without `left`.
    func loadMarchWithout(_ db: Database) async throws {
        let survey = try await ImportFixture.prepare(db)
        let units = try await UnitStore(db).list(on: CalendarDate("2021-03-31")!).map(\.unit)
        let demo = DemoData(survey: survey, units: units, year: 2021)
        var groups: [(String, [AdminUnit])] = units.filter { $0.level == .district }.map { d in
            (d.code, [d] + units.filter { $0.parentCode == d.code && $0.level == .commune })
        }
        groups.append(("departments", units.filter { $0.level == .department }))
        let folder = try ImportFixture.folder()
        for (name, members) in groups {
            let url = try ImportFixture.write(
                demo.tally(month: 3, units: members.filter { $0.code != Self.left }), to: "tally-2021-03-\(name).csv", in: folder)
            _ = try await ImportService(db).importTallies(
                url, options: .init(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!))
        }
    }

    @Test func theCommuneThatSentNothingIsNamedAndItsDistrictIsBelow100Percent() async throws {
        let rows = try UnitListFile.haTinh2021()
        let expectedInDistrict = UnitListFile.mustReport(inDistrict: Self.district, of: rows)
        let n = expectedInDistrict.count
        #expect(n == 17 && expectedInDistrict.contains { $0.code == Self.left && $0.name == Self.leftName })
        let mustReport = rows.filter { ["district", "commune", "department"].contains($0.level) }
        #expect(mustReport.count == 13 + 216 + 23)
        let districtName = try #require(rows.first { $0.code == Self.district }?.name)

        try await TestDatabase.withMigrated { (db: Database) async throws in
            try await loadMarchWithout(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))

            // sipas uploads missing: the commune, and no other unit, under "Chưa gửi:".
            let missing = try cli.run(["uploads", "missing", "--period", "2021-03", "--survey", "sipas-2017"])
            #expect(missing.status == 0, "\(missing.stderr)")
            let list = try #require(missing.stdout.components(separatedBy: "Chưa gửi:\n").last)
            let listed = list.split(separator: "\n").dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(
                listed.count == 1 && listed.first?.contains(Self.left) == true && listed.first?.contains(Self.leftName) == true, "\(list)")
            #expect(missing.stdout.contains("Toàn tỉnh: \(mustReport.count) đơn vị phải gửi"))

            // The March report as JSON: Đức Thọ at (n − 1) / n, every other area complete.
            let folder = try ImportFixture.folder()
            let jsonFile = folder.appendingPathComponent("march.json")
            let json = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "json", "-o", jsonFile.path])
            #expect(json.status == 0, "\(json.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: jsonFile)) as? [String: Any])
            let completeness = try #require(report["completeness"] as? [String: Any])
            #expect(completeness["period"] as? String == "2021-03" && completeness["deadline"] as? String == "2021-04-05")
            #expect(completeness["restricted_to"] as? [String] == [])
            let areas = try #require(completeness["areas"] as? [[String: Any]])
            let ducTho = try #require(areas.first { $0["code"] as? String == Self.district })
            #expect(ducTho["name"] as? String == districtName)
            #expect(ducTho["expected"] as? Int == n && ducTho["missing"] as? Int == 1)
            #expect(ducTho["missing_units"] as? [String] == [Self.left])
            // Every file was imported after the deadline (today): late, not on time.
            #expect(ducTho["late"] as? Int == n - 1 && ducTho["on_time"] as? Int == 0)
            let rate = try #require(ducTho["completeness"] as? Double)
            #expect(abs(rate - 100 * Double(n - 1) / Double(n)) < 1e-9 && rate < 100)
            for area in areas where area["code"] as? String != Self.district {
                #expect(area["completeness"] as? Double == 100 && area["missing"] as? Int == 0, "\(area["code"] ?? "")")
            }
            let total = try #require(completeness["total"] as? [String: Any])
            #expect(total["expected"] as? Int == mustReport.count && total["missing"] as? Int == 1)
            let units = try #require(completeness["units"] as? [[String: Any]])
            #expect(Set(units.compactMap { $0["code"] as? String }) == Set(mustReport.map(\.code)))
            #expect(units.filter { $0["status"] as? String == "missing" }.compactMap { $0["code"] as? String } == [Self.left])
            // The JSON is the documented format.
            if (try? ChildProcess.run(["/usr/bin/env", "python3", "-c", "import jsonschema"], separateErrors: true).status) == 0 {
                let check = try ChildProcess.run(
                    [
                        "/usr/bin/env", "python3", "-c",
                        "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                        TestDatabase.root.appendingPathComponent("Schema/report.schema.json").path, jsonFile.path,
                    ], separateErrors: true)
                #expect(check.status == 0, "\(check.stderr)")
            }

            // The HTML report: Đức Thọ's row with its rate, and the commune in the list.
            let htmlFile = folder.appendingPathComponent("march.html")
            let html = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "html", "-o", htmlFile.path])
            #expect(html.status == 0, "\(html.stderr)")
            let page = try String(contentsOf: htmlFile, encoding: .utf8)
            let printed = String(format: "%.2f", 100 * Double(n - 1) / Double(n)).replacingOccurrences(of: ".", with: ",") + " %"
            #expect(printed == "94,12 %")
            #expect(
                page.contains(
                    "<tr><td>\(Self.district) \(districtName)</td><td class=\"num\">\(n)</td><td class=\"num\">0</td><td class=\"num\">\(n - 1)</td><td class=\"num\">1</td><td class=\"num\">\(printed)</td>"
                ))
            #expect(
                page.contains(
                    "<tr><td>\(Self.district) \(districtName)</td><td>\(Self.left)</td><td>\(Self.leftName)</td><td>Cấp xã</td></tr>"))

            // The text report: a line for the district.
            let text = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03"])
            #expect(
                text.stdout.contains(
                    "  \(Self.district) \(districtName): \(n - 1)/\(n) (\(printed)), đúng hạn 0, muộn \(n - 1), chưa gửi 1: \(Self.left) \(Self.leftName)"
                ))

            // A span of months carries none.
            let span = try cli.run(["report", "--survey", "sipas-2017", "--from", "2021-02", "--to", "2021-03", "--format", "json"])
            let spanReport = try #require(try JSONSerialization.jsonObject(with: Data(span.stdout.utf8)) as? [String: Any])
            #expect(spanReport["completeness"] is NSNull)
        }
    }
}
