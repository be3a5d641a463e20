import Foundation
import SIPASCore
import SIPASFiles
import SIPASTestSupport
import Testing

@testable import SIPASPaper

/// The printed questionnaire, checked by independent programs: poppler renders each page
/// (pdftoppm) and zbar reads its QR code back; pdftotext finds the questions; and the layout
/// says where each box is — which the rendered page confirms: dark at the box's border, white
/// inside and around it.
@Suite(.enabled(if: PythonTool.isCI || ImageTool.has("zbarimg", "pdftoppm", "pdftotext"), "zbar-tools or poppler-utils missing"))
struct FormPrinterTests {
    @Test func everyPageNamesItsFormAndEveryBoxIsWhereTheLayoutSays() throws {
        let survey = try SurveyLoader.load(contentsOf: TestDatabase.root.appendingPathComponent("Surveys/sipas-2017.yaml"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("forms.pdf")
        let printer = FormPrinter(survey: survey)
        let layout = try printer.write(
            [
                FormPrinter.Form(unitCode: "18073", unitName: "Phường Nam Hà", serial: 41),
                .init(unitCode: "18073", unitName: "Phường Nam Hà", serial: 42),
            ],
            layoutID: 7, to: pdf)
        #expect(layout == printer.layout(), "the layout is the survey's, whatever is printed")
        let pages = layout.pages.count
        #expect(pages >= 2)

        // Every answer box of every item on paper, once (free-text profile questions are not).
        let questions: [PublicForm.Question] = PublicForm.build(survey).sections.flatMap { $0.questions }
        let onPaper = questions.filter { $0.input != .text }
        let expected: [String] = onPaper.flatMap { q in q.options.map { "\(q.code)/\($0.code)" } }.sorted()
        let boxes: [FormLayout.Box] = layout.pages.flatMap { $0.boxes }
        #expect(boxes.map { "\($0.item)/\($0.option)" }.sorted() == expected)

        let info = try ImageTool.run("pdfinfo", [pdf.path], package: "poppler-utils")
        #expect(info.contains("Pages:           \(2 * pages)"), "\(info)")
        let text = try ImageTool.run("pdftotext", ["-f", "1", "-l", "1", pdf.path, "-"], package: "poppler-utils")
        #expect(text.contains("Phường Nam Hà") && text.contains("đánh dấu X hoặc tô kín một ô"))

        for page in 1...(2 * pages) {
            let png = try ImageTool.png(pdf: pdf, page: page, dpi: 150, in: folder)
            let code = try #require(FormCode(try ImageTool.decodeQR(png)))
            let serial = page <= pages ? 41 : 42
            let expectedCode = FormCode(
                layoutID: 7, survey: "sipas-2017", version: survey.version, unit: "18073", serial: serial, page: (page - 1) % pages + 1)
            #expect(code == expectedCode)
        }

        // The boxes of page 1, measured on the page rendered at 200 dpi as grey (PGM) by pdftoppm.
        let gray = try ImageTool.gray(pdf: pdf, page: 1, dpi: 200, in: folder)
        let dots = 200 / 25.4
        func level(_ x: Double, _ y: Double) -> UInt8 { gray.pixel(Int((x * dots).rounded()), Int((y * dots).rounded())) }
        // Each box's centre, measured on the rendered page: walk from the layout's centre to the
        // first dark pixel left, right, up and down; the box's middle is within 0.5 mm of the layout's.
        for page in 1...pages {
            let rendered = page == 1 ? gray : try ImageTool.gray(pdf: pdf, page: page, dpi: 200, in: folder)
            for box in layout.pages[page - 1].boxes {
                func walk(_ dx: Int, _ dy: Int) -> Double? {
                    var (i, j) = (Int((box.x * dots).rounded()), Int((box.y * dots).rounded()))
                    for step in 0..<80 {
                        if rendered.pixel(i, j) < 128 { return Double(step) }
                        i += dx
                        j += dy
                    }
                    return nil
                }
                guard let l = walk(-1, 0), let r = walk(1, 0), let u = walk(0, -1), let d = walk(0, 1) else {
                    Issue.record("page \(page): no border around \(box.item)/\(box.option)")
                    continue
                }
                #expect(
                    abs((r - l) / 2 / dots) < 0.5 && abs((d - u) / 2 / dots) < 0.5,
                    "page \(page) \(box.item)/\(box.option): off by \((r - l) / 2 / dots), \((d - u) / 2 / dots) mm")
                #expect(abs((l + r) / dots - box.width) < 0.6, "\(box.item)/\(box.option) is \((l + r) / dots) mm wide inside")
            }
        }
        for box in layout.pages[0].boxes {
            #expect(level(box.x, box.y) > 200, "inside \(box.item)/\(box.option) is white")
            #expect(
                level(box.x - box.width / 2, box.y) < 100 && level(box.x + box.width / 2, box.y) < 100, "its left and right edges are drawn"
            )
            #expect(level(box.x, box.y - box.height / 2) < 100, "its top edge is drawn")
            #expect(level(box.x - box.width / 2 - 0.8, box.y) > 200, "nothing touches it on the left")
        }
        for corner in layout.pages[0].corners { #expect(level(corner.x, corner.y) < 60, "a corner mark at \(corner)") }
    }
}
