import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import Testing

/// `sipas collect poster`: the PDF printed by Chromium, looked at with independent tools — the
/// QR code of its page rendered by pdftoppm and read by zbarimg is the address `sipas collect
/// list` shows, the page's text (pdftotext) names the unit, and a district's poster has one page
/// per commune of the shipped unit list (pdfinfo).
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct PosterCLITests {
    static let toolsAvailable =
        PythonTool.isCI || (ImageTool.has("zbarimg", "pdftoppm", "pdftotext", "pdfinfo") && PDFPrinter.canPrintHTML)

    static func cli(_ db: Database) -> CLIRunner {
        CLIRunner(
            environment: CLIRunner.environment(
                for: db.configuration.database, extra: ["SIPAS_PUBLIC_URL": "https://khaosat.hatinh.gov.vn"]))
    }

    @Test(
        .enabled(if: toolsAvailable, "zbarimg (zbar-tools), poppler-utils or Chromium is not installed; required under CI"))
    func aUnitsPosterHoldsItsLinkAndName() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = Self.cli(db)
            let made = try cli.run(["collect", "link", "--survey", "sipas-2017", "--unit", "18073"])
            #expect(made.status == 0, "\(made.stderr)")
            let folder = try ImportFixture.folder()
            let pdf = folder.appendingPathComponent("poster.pdf")
            let poster = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--unit", "18073", "-o", pdf.path])
            #expect(poster.status == 0, "\(poster.stderr)")
            #expect(poster.stderr.contains("using link 1 of 18073 Phường Nam Hà"), "\(poster.stderr)")

            let listed = try cli.run(["collect", "list"]).stdout.split(separator: "\n").filter { $0.contains("18073 Phường Nam Hà") }
            #expect(listed.count == 1, "\(listed)")
            let url = try #require(listed.first?.split(separator: " ").last.map(String.init))
            #expect(url == made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(try ImageTool.pageCount(pdf) == 1)
            #expect(try ImageTool.decodeQR(ImageTool.png(pdf: pdf, page: 1, in: folder)) == url)
            let text = try ImageTool.run("pdftotext", ["-f", "1", "-l", "1", pdf.path, "-"], package: "poppler-utils")
            #expect(text.contains("Phường Nam Hà") && text.contains("SIPAS") && text.contains(url), "\(text)")
            let size = try ImageTool.run("pdfinfo", [pdf.path], package: "poppler-utils")
            #expect(size.contains("(A4)"), "\(size)")

            // A unit without a link gets one, which the list then shows.
            let svg = folder.appendingPathComponent("code.svg")
            let other = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--unit", "18070", "-o", svg.path])
            #expect(other.status == 0 && other.stderr.contains("made link 2 for 18070 Phường Trần Phú"), "\(other.stderr)")
            #expect(try String(contentsOf: svg, encoding: .utf8).hasPrefix("<svg"))
            #expect(try cli.run(["collect", "list"]).stdout.contains("18070 Phường Trần Phú"))
        }
    }

    @Test(
        .enabled(if: toolsAvailable, "zbarimg (zbar-tools), poppler-utils or Chromium is not installed; required under CI"))
    func aDistrictsPosterHasAPagePerCommune() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = Self.cli(db)
            let communes = try UnitListFile.haTinh2021().filter { $0.parent == "436" && $0.level == "commune" }.sorted { $0.code < $1.code }
            #expect(communes.count > 1)
            let folder = try ImportFixture.folder()
            let pdf = folder.appendingPathComponent("district.pdf")
            let poster = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--district", "436", "-o", pdf.path])
            #expect(poster.status == 0, "\(poster.stderr)")
            #expect(try ImageTool.pageCount(pdf) == communes.count)
            #expect(try await db.scalar("SELECT count(*)::int FROM collection_links", as: Int.self) == communes.count)

            let last = try #require(communes.last)
            let listed = try cli.run(["collect", "list"]).stdout.split(separator: "\n")
            let url = try #require(listed.first { $0.contains("\(last.code) \(last.name)") }?.split(separator: " ").last.map(String.init))
            #expect(try ImageTool.decodeQR(ImageTool.png(pdf: pdf, page: communes.count, in: folder)) == url)
            let text = try ImageTool.run(
                "pdftotext", ["-f", "\(communes.count)", "-l", "\(communes.count)", pdf.path, "-"], package: "poppler-utils")
            #expect(text.contains(last.name), "\(text)")

            // Printed again, the poster uses the same links.
            let again = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--district", "436", "-o", pdf.path])
            #expect(again.status == 0 && !again.stderr.contains("made link"), "\(again.stderr)")
            #expect(try await db.scalar("SELECT count(*)::int FROM collection_links", as: Int.self) == communes.count)
        }
    }

    @Test func posterArgumentsAreChecked() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = Self.cli(db)
            let folder = try ImportFixture.folder()
            let out = folder.appendingPathComponent("p.html")
            let neither = try cli.run(["collect", "poster", "--survey", "sipas-2017", "-o", out.path])
            #expect(neither.status == 64 && neither.stderr.contains("--unit or --district"), "\(neither.stderr)")
            let commune = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--district", "18073", "-o", out.path])
            #expect(commune.status == 1 && commune.stderr.contains("18073 Phường Nam Hà is a commune"), "\(commune.stderr)")
            let html = try cli.run(["collect", "poster", "--survey", "sipas-2017", "--unit", "Phường Nam Hà", "-o", out.path])
            #expect(html.status == 0, "\(html.stderr)")
            let page = try String(contentsOf: out, encoding: .utf8)
            #expect(page.contains("<h1>Phường Nam Hà</h1>") && page.contains("<svg") && page.contains("không hỏi họ tên"))
            #expect(try await db.scalar("SELECT count(*)::int FROM collection_links", as: Int.self) == 1)
        }
    }
}
