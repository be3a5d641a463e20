import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

/// Issue 16, point 1, from the command line: `sipas forms print` writes the forms and their
/// layout, serials never repeat for a unit, and each page's QR code (read by zbar from the page
/// poppler renders) names its form.
@Suite(
    .enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"),
    .enabled(if: PythonTool.isCI || ImageTool.has("zbarimg", "pdftoppm", "pdfinfo"), "zbar-tools or poppler-utils missing"))
struct FormsCLITests {
    @Test func printedFormsCarryUnrepeatedSerialsAndTheirLayout() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let folder = try ImportFixture.folder()
            let pdf = folder.appendingPathComponent("phieu.pdf")
            let layoutFile = folder.appendingPathComponent("bo-cuc.json")
            let first = try cli.run(
                [
                    "forms", "print", "--survey", "sipas-2017", "--unit", "18073", "--count", "3", "-o", pdf.path, "--layout",
                    layoutFile.path,
                ])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains(pdf.path) && first.stderr.contains("3 phiếu (số 1–3)"), "\(first.stderr)")
            let layout = try JSONDecoder().decode(FormLayout.self, from: Data(contentsOf: layoutFile))
            let perForm = layout.pages.count
            #expect(try ImageTool.pageCount(pdf) == 3 * perForm)
            #expect(layout.pages.allSatisfy { $0.corners.count == 4 && !$0.boxes.isEmpty })
            let page = try ImageTool.png(pdf: pdf, page: perForm + 1, dpi: 150, in: folder)
            let code = try #require(FormCode(try ImageTool.decodeQR(page)))
            #expect(code.unit == "18073" && code.serial == 2 && code.page == 1 && code.survey == "sipas-2017")

            // A second run goes on from serial 4, under the same stored layout.
            let second = try cli.run(["forms", "print", "--survey", "sipas-2017", "--unit", "18073", "--count", "2", "-o", pdf.path])
            #expect(second.status == 0 && second.stderr.contains("2 phiếu (số 4–5)"), "\(second.stderr)")
            let again = try #require(FormCode(try ImageTool.decodeQR(try ImageTool.png(pdf: pdf, page: 1, dpi: 150, in: folder))))
            #expect(again.serial == 4 && again.layoutID == code.layoutID)
            #expect(try await PaperFormStore(db).layout(id: code.layoutID) == layout)

            let bad = try cli.run(["forms", "print", "--survey", "sipas-2017", "--unit", "18073", "--count", "0", "-o", pdf.path])
            #expect(bad.status != 0 && bad.stderr.contains("count"), "\(bad.stderr)")
        }
    }
}
