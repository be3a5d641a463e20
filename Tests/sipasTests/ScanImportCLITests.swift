import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

/// Issue 16, points 2 and 4, from the command line: forms printed by `sipas forms print`, filled
/// and scanned by Scripts/scan-corpus, imported with `sipas scan import`: each complete form
/// becomes one questionnaire with the answers meant; the same file twice changes nothing; a page
/// scanned again is refused naming both scans; a page in doubt waits for review; the kept page
/// image is shown by `sipas scan show` (its QR code still reads).
@Suite(
    .enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"),
    .enabled(
        if: PythonTool.isCI || (ImageTool.has("zbarimg", "pdftoppm") && PythonTool.has("PIL", "numpy")),
        "zbar-tools, poppler-utils, Pillow or numpy missing"))
struct ScanImportCLITests {
    struct Truth: Decodable {
        var file: String
        var page: Int
        var pdf_page: Int
        var meant: [String: [String]]
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int { try await db.scalar(sql, as: Int.self) ?? -1 }

    @Test func scannedFormsBecomeQuestionnairesOnceWithTheAnswersMeant() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let cli = CLIRunner(environment: CLIRunner.environment(for: db.configuration.database))
            let folder = try ImportFixture.folder()
            let pdf = folder.appendingPathComponent("phieu.pdf")
            let layout = folder.appendingPathComponent("bo-cuc.json")
            let printed = try cli.run(
                ["forms", "print", "--survey", "sipas-2017", "--unit", "18073", "--count", "2", "-o", pdf.path, "--layout", layout.path])
            try #require(printed.status == 0, "\(printed.stderr)")
            let pagesPerForm = try JSONDecoder().decode(FormLayout.self, from: Data(contentsOf: layout)).pages.count
            let corpus = folder.appendingPathComponent("scans")
            let made = try ChildProcess.run(
                [
                    TestDatabase.root.appendingPathComponent("Scripts/scan-corpus").path, pdf.path, layout.path, corpus.path, "--pages",
                    "\(2 * pagesPerForm)", "--small", "--kinds", "fill,x,tick",
                ], separateErrors: true)
            try #require(made.status == 0, "\(made.stderr)")
            let truth = try JSONDecoder().decode([Truth].self, from: Data(contentsOf: corpus.appendingPathComponent("truth.json")))

            for page in truth {
                let result = try cli.run([
                    "scan", "import", corpus.appendingPathComponent(page.file).path, "--survey", "sipas-2017", "--period", "2021-03",
                ])
                #expect(result.status == 0, "\(page.file): \(result.stderr)")
                #expect(result.stdout.contains("1 trang, 0 trang chờ xem lại"), "\(result.stdout)")
            }
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM responses WHERE channel = 'paper' AND upload_id IS NULL") == 2)
            // Each questionnaire holds what the person meant on every page of the form.
            let items = survey.allItems
            for serial in [1, 2] {
                let answers = try await db.client.withConnection { connection in
                    var stored: [Int16] = []
                    for try await row in try await connection.query(
                        "SELECT answers FROM responses WHERE client_id = \("scan:18073:\(serial)")", logger: db.logger
                    ).decode([Int16].self) { stored = row }
                    return stored
                }
                let codec = AnswerCodec(survey: survey)
                var meant: [String: [String]] = [:]
                for page in truth where (page.pdf_page - 1) / pagesPerForm + 1 == serial { meant.merge(page.meant) { a, _ in a } }
                #expect(!meant.isEmpty)
                for (index, item) in items.enumerated() {
                    guard let expected = meant[item.code] else { continue }
                    let read = codec.options(of: answers[index], item: item).filter { $0 != SatisfactionScale.noAnswer }
                    #expect(read == expected, "form \(serial), \(item.code): stored \(read), meant \(expected)")
                }
            }

            // The same file again: nothing changes.
            let first = corpus.appendingPathComponent(truth[0].file)
            let again = try cli.run(["scan", "import", first.path, "--survey", "sipas-2017", "--period", "2021-03"])
            #expect(again.status == 0 && again.stdout.contains("đã nhập trước đây"), "\(again.stdout)")
            // The same page scanned again (another file): refused, naming both, nothing stored.
            let copy = folder.appendingPathComponent("quet-lai.tif")
            let resaved = try ChildProcess.run(
                [
                    "/usr/bin/env", "python3", "-c",
                    "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('L').save(sys.argv[2], compression='tiff_deflate')",
                    first.path, copy.path,
                ])
            try #require(resaved.status == 0)
            let files = try await Self.count(db, "SELECT count(*)::bigint FROM scan_files")
            let twice = try cli.run(["scan", "import", copy.path, "--survey", "sipas-2017", "--period", "2021-03"])
            #expect(twice.status != 0 && twice.stderr.contains("scanned before") && twice.stderr.contains(truth[0].file), "\(twice.stderr)")
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM scan_files") == files)

            // A form whose marks are all circled: every page waits for review, no questionnaire.
            let third = folder.appendingPathComponent("phieu-3.pdf")
            try #require(try cli.run(["forms", "print", "--survey", "sipas-2017", "--unit", "18073", "-o", third.path]).status == 0)
            let doubtful = folder.appendingPathComponent("circled")
            try #require(
                try ChildProcess.run(
                    [
                        TestDatabase.root.appendingPathComponent("Scripts/scan-corpus").path, third.path, layout.path, doubtful.path,
                        "--pages", "1",
                        "--small", "--kinds", "circle",
                    ], separateErrors: true
                ).status == 0)
            let circled = try cli.run([
                "scan", "import", doubtful.appendingPathComponent("scan-001.png").path, "--survey", "sipas-2017", "--period", "2021-03",
            ])
            #expect(circled.status == 0 && circled.stdout.contains("1 trang, 1 trang chờ xem lại, 0 phiếu"), "\(circled.stdout)")
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM responses WHERE channel = 'paper'") == 2)

            // The review: every circled item listed with a crop; a person settles each with what
            // was meant (an option the item does not have is refused); each decision is audited.
            let crops = folder.appendingPathComponent("crops")
            let review = try cli.run(["scan", "review", "--crops", crops.path])
            let circledTruth = try JSONDecoder().decode(
                [Truth].self, from: Data(contentsOf: doubtful.appendingPathComponent("truth.json")))[0]
            let open = review.stdout.split(separator: "\n").filter { $0.contains("18073 số 3 trang 1 câu ") }
            #expect(open.count == circledTruth.meant.count, "\(review.stdout)")
            let cropFiles = try FileManager.default.contentsOfDirectory(atPath: crops.path).filter { $0.hasSuffix(".png") }
            #expect(cropFiles.count == open.count)
            let wrong = try cli.run(["scan", "review", "--unit", "18073", "--serial", "3", "--item", "1.1", "--choose", "9"])
            #expect(wrong.status != 0 && wrong.stderr.contains("9"), "\(wrong.stderr)")
            var last = ""
            for (item, options) in circledTruth.meant.sorted(by: { $0.key < $1.key }) {
                let settle = try cli.run(
                    ["scan", "review", "--unit", "18073", "--serial", "3", "--item", item]
                        + (options.isEmpty ? ["--blank"] : ["--choose", options.joined(separator: ",")]))
                #expect(settle.status == 0, "\(item): \(settle.stderr)")
                last = settle.stdout
            }
            #expect(last.contains("trang đã đọc xong"), "\(last)")
            #expect(
                try await Self.count(db, "SELECT count(*)::bigint FROM audit_events WHERE action = 'scan.review'")
                    == circledTruth.meant.count)
            #expect(try cli.run(["scan", "review"]).stdout.contains("Không có câu nào chờ xem lại"))

            // The kept image of a page, as evidence: its QR code still names the form.
            let shown = folder.appendingPathComponent("trang.png")
            let show = try cli.run(["scan", "show", "--unit", "18073", "--serial", "2", "--page", "1", "-o", shown.path])
            #expect(show.status == 0 && show.stderr.contains("questionnaire #"), "\(show.stderr)")
            #expect(FormCode(try ImageTool.decodeQR(shown))?.serial == 2)
        }
    }
}
