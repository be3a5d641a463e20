import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import Testing

@testable import SIPASPaper

/// Issue 16's bar on a small corpus: forms printed by `FormPrinter`, filled and "scanned" by
/// Scripts/scan-corpus (every mark kind, 150–200 dpi, turned, scaled, blurred, noisy, JPEG, TIFF,
/// PDF, some upside down), read back by `PageReader`. No answer may be silently wrong: every
/// item is either read as the person meant it or marked unclear; and items with clean marks are
/// read, not sent to review.
@Suite(
    .enabled(
        if: PythonTool.isCI || (ImageTool.has("pdftoppm", "pdfinfo") && PythonTool.has("PIL", "numpy")),
        "poppler-utils, Pillow or numpy missing"))
struct ScanCorpusTests {
    @Test func noAnswerIsSilentlyWrong() async throws {
        let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["SIPAS_KEEP_CORPUS"] == nil { try? FileManager.default.removeItem(at: folder) }
        }
        let pdf = folder.appendingPathComponent("forms.pdf")
        let layout = try FormPrinter(survey: survey).write(
            [
                .init(unitCode: "18073", unitName: "Phường Nam Hà", serial: 1),
                .init(unitCode: "18073", unitName: "Phường Nam Hà", serial: 2),
            ],
            layoutID: 1, to: pdf)
        let layoutFile = folder.appendingPathComponent("layout.json")
        try layout.json().write(to: layoutFile)
        let corpus = folder.appendingPathComponent("corpus")
        // SIPAS_CORPUS_PAGES and SIPAS_CORPUS_SEED make a larger or another corpus (all resolutions).
        let environment = ProcessInfo.processInfo.environment
        let size = environment["SIPAS_CORPUS_PAGES"].map { ["--pages", $0] } ?? ["--pages", "14", "--small"]
        let seed = ["--seed", environment["SIPAS_CORPUS_SEED"] ?? "1"]
        let generated = try ChildProcess.run(
            [TestDatabase.root.appendingPathComponent("Scripts/scan-corpus").path, pdf.path, layoutFile.path, corpus.path] + size + seed,
            separateErrors: true)
        try #require(generated.status == 0, "\(generated.stderr)")

        struct Truth: Decodable {
            var file: String
            var page: Int
            var pdf_page: Int
            var upside_down: Bool
            var meant: [String: [String]]
            var doubtful: [String]
        }
        let truth = try JSONDecoder().decode([Truth].self, from: Data(contentsOf: corpus.appendingPathComponent("truth.json")))
        let reader = PageReader { id in id == 1 ? (layout, survey) : nil }
        var (right, unclear, wrong, cleanItems, cleanUnclear) = (0, 0, [String](), 0, 0)
        var cleanDoubts: [String] = []
        for page in truth {
            let images = try ScanLoader.pages(of: corpus.appendingPathComponent(page.file))
            #expect(images.count == 1)
            let read: PageReader.Page
            do {
                read = try await reader.read(images[0])
            } catch {
                Issue.record("\(page.file) (\(page)): \(error)")
                continue
            }
            #expect(read.code.page == page.page && read.code.serial == (page.pdf_page - 1) / layout.pages.count + 1, "\(page.file)")
            #expect(read.upsideDown == page.upside_down, "\(page.file)")
            for (item, answer) in read.answers {
                let meant = page.meant[item] ?? []
                let clean = !page.doubtful.contains(item)
                if clean { cleanItems += 1 }
                switch answer {
                case .chosen(let options):
                    if options == meant { right += 1 } else { wrong.append("\(page.file) \(item): read \(options), meant \(meant)") }
                case .unclear(let reason, _):
                    unclear += 1
                    if clean {
                        cleanUnclear += 1
                        let boxes = read.boxes.filter { $0.item == item }.map {
                            "\($0.option):\(String(format: "%.2f/%.2f", $0.ink, $0.around))"
                        }
                        cleanDoubts.append("\(page.file) \(item): \(reason) \(boxes)")
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "silently wrong: \(wrong)")
        #expect(right > 0)
        // Clean marks are read, not sent to review (at most 2 % of them).
        #expect(Double(cleanUnclear) <= 0.02 * Double(cleanItems), "\(cleanUnclear) of \(cleanItems) clean items unclear: \(cleanDoubts)")
        print("scan corpus: \(truth.count) pages, \(right) items read right, \(unclear) unclear (\(cleanUnclear) of \(cleanItems) clean)")
    }
}
