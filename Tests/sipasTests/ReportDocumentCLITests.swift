import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// `sipas report|compare --format docx|pdf` on demo-like data: the Word document in the state's
/// format, and a PDF whose text holds the province's index as the report prints it.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ReportDocumentCLITests {
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false

    /// March 2021 for a district, a commune and a department, as the demo makes them.
    func prepare(_ db: Database) async throws -> Report {
        let survey = try await ImportFixture.prepare(db)
        let units = try await UnitStore(db).list(on: CalendarDate("2021-03-31")!).filter {
            ["436", "18070", "42-SNV"].contains($0.unit.code)
        }
        let data = DemoData(survey: survey, units: units.map(\.unit), year: 2021)
        let folder = try ImportFixture.folder()
        for month in [2, 3] {
            let url = try ImportFixture.write(data.tally(month: month), to: "t\(month).csv", in: folder)
            _ = try await ImportService(db).importTallies(
                url, options: .init(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!))
        }
        return try await ReportService(db).report(
            .init(surveyCode: "sipas-2017", from: .month(2021, 3), to: .month(2021, 3), today: CalendarDate("2021-12-31")!)
        ).report
    }

    static func pdfText(_ url: URL, firstPage: Bool = false) throws -> String {
        let result = try ChildProcess.run(
            ["/usr/bin/env", "pdftotext"] + (firstPage ? ["-f", "1", "-l", "1"] : []) + [url.path, "-"], separateErrors: true)
        return result.stdout
    }

    @Test func docxIsWrittenForReportAndCompare() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await prepare(db)
            let folder = try ImportFixture.folder()
            let settings = folder.appendingPathComponent("van-ban.yaml")
            try Data("signer_name: Nguyễn Văn An\nnumber: \"15\"\n".utf8).write(to: settings)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let report = folder.appendingPathComponent("b.docx")
            let compare = folder.appendingPathComponent("c.docx")
            let first = try cli.run([
                "report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "docx", "-o", report.path,
                "--document-settings", settings.path, "--document-date", "2021-04-05",
            ])
            #expect(first.status == 0, "\(first.stderr)")
            let second = try cli.run([
                "compare", "--survey", "sipas-2017", "--period", "2021-03", "--level", "district", "--format", "docx", "-o", compare.path,
            ])
            #expect(second.status == 0, "\(second.stderr)")
            for url in [report, compare] {
                #expect(try Data(contentsOf: url).prefix(2) == Data("PK".utf8))
            }
            guard (try? ChildProcess.run(["/usr/bin/env", "python3", "-c", "import docx"], separateErrors: true).status) == 0 else {
                return
            }
            let check = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    """
                    import sys, docx
                    d = docx.Document(sys.argv[1])
                    header = d.tables[0]
                    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text, header.cell(0, 1).text
                    assert header.cell(1, 0).text == "Số: 15/BC-SNV", header.cell(1, 0).text
                    assert header.cell(1, 1).text == "Hà Tĩnh, ngày 05 tháng 4 năm 2021", header.cell(1, 1).text
                    assert "Nguyễn Văn An" in d.tables[-1].cell(0, 1).text
                    print("ok")
                    """, report.path,
                ], separateErrors: true)
            #expect(check.status == 0, "\(check.stderr)")
        }
    }

    @Test(.enabled(if: isCI || PDFPrinter.route != nil, "neither LibreOffice nor Chromium is installed; required under CI"))
    func pdfHoldsTheProvinceIndexAsPrinted() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let report = try await prepare(db)
            let folder = try ImportFixture.folder()
            let pdf = folder.appendingPathComponent("r.pdf")
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let result = try cli.run(["report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "pdf", "-o", pdf.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Data(contentsOf: pdf).prefix(4) == Data("%PDF".utf8))
            let index = NumberFormatting.decimal(try #require(report.reference?.overall.index), digits: 2, language: .vi)
            let text = try Self.pdfText(pdf)
            #expect(text.contains(index), "the PDF's text has no \(index)")
            #expect(try Self.pdfText(pdf, firstPage: true).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || PDFPrinter.route == .chromium)
        }
    }

    @Test func pdfWithoutAPrinterNamesTheMissingPrograms() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await prepare(db)
            let folder = try ImportFixture.folder()
            let empty = folder.appendingPathComponent("empty-path")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database, extra: ["PATH": empty.path]))
            let result = try cli.run([
                "report", "--survey", "sipas-2017", "--period", "2021-03", "--format", "pdf", "-o",
                folder.appendingPathComponent("r.pdf").path,
            ])
            #expect(result.status == 1)
            #expect(result.stderr.contains("LibreOffice (soffice)") && result.stderr.contains("Chromium (chromium)"), "\(result.stderr)")
        }
    }
}
