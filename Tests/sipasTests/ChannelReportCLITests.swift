import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 15, points 6 and 7, from the command line: `sipas report --by-channel` shows a unit's
/// index per channel in JSON (valid against the schema), HTML, XLSX (read by openpyxl) and
/// text, and says when channels differ; `--exclude-flagged` leaves flagged answers out and
/// says how many.
///
/// The data, by construction: Phường Nam Hà (18073) in March 2021 has 60 paper questionnaires
/// answering 5 to every criterion (index 100 %) and 60 kiosk questionnaires, 30 answering 5
/// and 30 answering 2 to every criterion (index 50 %); and 2 web answers flagged as too fast.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ChannelReportCLITests {
    @Test func aReportByChannelSaysTheChannelsDifferAndLeavesFlaggedAnswersOut() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let (surveyID, survey) = try await SurveyStore(db).get(code: "sipas-2017", version: 1)
            let criteria = survey.allItems.filter { $0.kind == .satisfaction }.map(\.code)
            var lines = ["unit,date,channel," + criteria.joined(separator: ",")]
            for i in 0..<120 {
                let channel = i < 60 ? "paper" : "kiosk"
                let level = i < 60 || i.isMultiple(of: 2) ? "5" : "2"
                lines.append(
                    "18073,2021-03-\(String(format: "%02d", 1 + i % 28)),\(channel)," + criteria.map { _ in level }.joined(separator: ","))
            }
            let folder = try ImportFixture.folder()
            let file = try ImportFixture.write(lines.joined(separator: "\n") + "\n", to: "phieu-2021-03.csv", in: folder)
            _ = try await ImportService(db).importQuestionnaires(
                file, options: .init(surveyCode: "sipas-2017", surveyVersion: 1, actor: "test", today: CalendarDate("2021-12-31")!))
            // Two public answers flagged as too fast (stored as the public form stores them).
            let unit = try #require(try await UnitStore(db).list(on: CalendarDate("2021-03-31")!).first { $0.unit.code == "18073" })
            for n in 0..<2 {
                // Coded as stored (AnswerCodec): a satisfaction level is its number, 0 no answer.
                let q = Questionnaire(
                    unitID: unit.id, date: CalendarDate("2021-03-15")!, channel: .web, clientID: "fast-\(n)",
                    answers: survey.allItems.map { $0.kind == .satisfaction ? 5 : 0 }, profile: [:])
                let outcome = try await SubmissionStore(db).submit(
                    q, clientID: "fast-\(n)", surveyID: surveyID, submittedBy: "link:1",
                    provenance: .init(flag: .fast, addressHash: Array(repeating: UInt8(n), count: 32)))
                guard case .stored = outcome else {
                    Issue.record("\(outcome)")
                    return
                }
            }

            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let args = ["report", "--survey", "sipas-2017", "--version", "1", "--period", "2021-03", "--units", "18073"]
            let jsonFile = folder.appendingPathComponent("report.json")
            let json = try cli.run(args + ["--by-channel", "--exclude-flagged", "--format", "json", "-o", jsonFile.path])
            #expect(json.status == 0, "\(json.stderr)")
            let check = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    """
                    import json, sys, jsonschema
                    schema = json.load(open(sys.argv[1])); report = json.load(open(sys.argv[2]))
                    jsonschema.validate(report, schema)
                    unit = report["channels"][0]
                    print(report["excluded_flagged"], report["units"][0]["respondents"], unit["differ"])
                    for c in unit["channels"]: print(c["channel"], c["respondents"], float(c["overall"]["index"]))
                    """, TestDatabase.root.appendingPathComponent("Schema/report.schema.json").path, jsonFile.path,
                ], separateErrors: true)
            #expect(check.status == 0, "the report does not match Schema/report.schema.json: \(check.stderr)")
            #expect(check.stdout == "2 120 True\npaper 60 100.0\nkiosk 60 50.0\n", "\(check.stdout)")

            // Without --exclude-flagged the web answers are counted, as a channel of their own.
            let all = try cli.run(args + ["--by-channel", "--format", "json"])
            let report = try JSONDecoder().decode(Report.self, from: Data(all.stdout.utf8))
            #expect(report.excludedFlagged == nil && report.units.first?.respondents == 122)
            #expect(report.channels?.first?.channels.map(\.channel) == ["paper", "kiosk", "web"])

            let text = try cli.run(args + ["--by-channel", "--exclude-flagged"])
            #expect(text.stdout.contains("Đã loại 2 phiếu bị gắn cờ"), "\(text.stdout)")
            #expect(text.stdout.contains("Khác nhau có ý nghĩa: Phiếu giấy cao hơn Máy đánh giá tại quầy 50,00 điểm"), "\(text.stdout)")

            let htmlFile = folder.appendingPathComponent("report.html")
            #expect(try cli.run(args + ["--by-channel", "--exclude-flagged", "--format", "html", "-o", htmlFile.path]).status == 0)
            let html = try String(contentsOf: htmlFile, encoding: .utf8)
            #expect(html.contains("Chỉ số theo kênh thu thập") && html.contains("Đã loại 2 phiếu bị gắn cờ"))
            #expect(html.contains("Phiếu giấy cao hơn Máy đánh giá tại quầy 50,00 điểm"))

            let xlsxFile = folder.appendingPathComponent("report.xlsx")
            #expect(try cli.run(args + ["--by-channel", "--exclude-flagged", "--format", "xlsx", "-o", xlsxFile.path]).status == 0)
            let sheet = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    """
                    import sys, openpyxl
                    book = openpyxl.load_workbook(sys.argv[1])
                    for row in book["Channels"].iter_rows(min_row=2, values_only=True): print(row[0], row[2], row[3], float(row[4]), row[8])
                    """, xlsxFile.path,
                ], separateErrors: true)
            #expect(sheet.status == 0, "\(sheet.stderr)")
            #expect(sheet.stdout == "18073 Phiếu giấy 60 100.0 Có\n18073 Máy đánh giá tại quầy 60 50.0 Có\n", "\(sheet.stdout)")
        }
    }
}
