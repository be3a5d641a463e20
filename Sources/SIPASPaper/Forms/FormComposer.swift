import CCairo
import Foundation
import SIPASCore

/// Places a survey's questionnaire on A4 pages: measures every text with pango (the same
/// settings `FormPainter` draws with) and puts each question's answer boxes beside it, page
/// after page, so that the layout — every box's centre and size in millimetres — is known
/// exactly before anything is drawn. The layout depends on the survey only (the unit's name
/// sits in a header of fixed height), so every form of a survey version shares it.
struct FormComposer {
    /// A text to draw: top-left corner and width in mm, size in points.
    struct Run: Sendable {
        var text: String
        var x: Double
        var y: Double
        var width: Double
        var size: Double
        var bold = false
        var centred = false
    }

    struct Page: Sendable {
        var runs: [Run] = []
        var boxes: [FormLayout.Box] = []
    }

    static let width = 210.0
    static let height = 297.0
    static let markSize = 7.0
    // 25 mm from the edges: a sheet turned 5° and scanned at 110 % at once keeps every mark
    // (and the QR code) on the scan.
    static let corners = [(25.0, 25.0), (185.0, 25.0), (25.0, 272.0), (185.0, 272.0)].map { FormLayout.Point(x: $0.0, y: $0.1) }
    static let qr = FormLayout.Point(x: 157, y: 24)
    static let qrSize = 21.0
    static let boxSize = 5.0
    static let left = 18.0
    static let textWidth = 103.0
    static let optionsLeft = 124.0
    static let optionsWidth = 68.0
    static let firstTop = 52.0
    static let top = 50.0
    static let bottom = 265.0

    let survey: Survey
    let measurer = TextMeasurer()

    /// The pages and the layout.
    func compose() -> (pages: [Page], layout: FormLayout) {
        let form = PublicForm.build(survey)
        var pages = [Page()]
        var y = Self.firstTop
        func newPage() {
            pages.append(Page())
            y = Self.top
        }
        let columns = (1...5).map { Self.optionsLeft + Self.optionsWidth / 5 * (Double($0) - 0.5) }
        let legendLabels = (1...5).map { "\($0). " + (SatisfactionScale.labels["\($0)"]?.vi ?? "") }
        let legendHeight = legendLabels.map { measurer.height($0, width: 13, size: 6.5) }.max() ?? 0
        func legend() {
            for (k, label) in legendLabels.enumerated() {
                pages[pages.count - 1].runs.append(
                    Run(text: label, x: columns[k] - 6.5, y: y, width: 13, size: 6.5, centred: true))
            }
            y += legendHeight + 1.5
        }
        for section in form.sections {
            let questions = section.questions.filter { $0.input != .text }
            guard !questions.isEmpty else { continue }
            let satisfaction = questions.contains { $0.options.map(\.code).sorted() == ["1", "2", "3", "4", "5"] }
            let titleHeight = measurer.height(section.title, width: 174, size: 9.5, bold: true)
            let noteHeight = section.note.map { measurer.height($0, width: 174, size: 7) + 0.5 } ?? 0
            let first = block(questions[0], columns: columns)
            if y + titleHeight + noteHeight + (satisfaction ? legendHeight + 1.5 : 0) + first.height > Self.bottom { newPage() }
            pages[pages.count - 1].runs.append(Run(text: section.title, x: Self.left, y: y, width: 174, size: 9.5, bold: true))
            y += titleHeight + 0.5
            if let note = section.note {
                pages[pages.count - 1].runs.append(Run(text: note, x: Self.left, y: y, width: 174, size: 7))
                y += noteHeight
            }
            if satisfaction { legend() }
            for question in questions {
                let placed = block(question, columns: columns)
                if y + placed.height > Self.bottom {
                    newPage()
                    if satisfaction { legend() }
                }
                for var run in placed.runs {
                    run.y += y
                    pages[pages.count - 1].runs.append(run)
                }
                for var box in placed.boxes {
                    box.y += y
                    pages[pages.count - 1].boxes.append(box)
                }
                y += placed.height
            }
            y += 2
        }
        let layout = FormLayout(
            survey: survey.code, version: survey.version, pageWidth: Self.width, pageHeight: Self.height,
            pages: pages.enumerated().map { n, page in
                FormLayout.Page(
                    number: n + 1, corners: Self.corners, markSize: Self.markSize, qr: Self.qr, qrSize: Self.qrSize,
                    boxes: page.boxes.map { box in
                        // Two decimals of a millimetre: what the layout file says is what was drawn.
                        var b = box
                        b.x = (b.x * 100).rounded() / 100
                        b.y = (b.y * 100).rounded() / 100
                        return b
                    })
            })
        // Draw exactly the rounded positions.
        for (n, page) in layout.pages.enumerated() { pages[n].boxes = page.boxes }
        return (pages, layout)
    }

    /// One question: its text on the left, its boxes on the right, positions relative to the
    /// block's top; and the block's height.
    func block(_ question: PublicForm.Question, columns: [Double]) -> (runs: [Run], boxes: [FormLayout.Box], height: Double) {
        // Criteria and observations carry their number ("2.3."); profile questions only their text.
        var text = question.code.first?.isNumber == true ? "\(question.code). \(question.text)" : question.text
        if question.input == .checkbox { text += " (có thể chọn nhiều ô)" }
        let textHeight = measurer.height(text, width: Self.textWidth, size: 8.5)
        var runs = [Run(text: text, x: Self.left, y: 0.4, width: Self.textWidth, size: 8.5)]
        var boxes: [FormLayout.Box] = []
        var optionsHeight = Self.boxSize
        let codes = question.options.map(\.code)
        if codes.sorted() == ["1", "2", "3", "4", "5"] {
            for level in 1...5 {
                boxes.append(
                    FormLayout.Box(
                        item: question.code, option: "\(level)", x: columns[level - 1], y: Self.boxSize / 2 + 0.5, width: Self.boxSize,
                        height: Self.boxSize))
            }
            optionsHeight = Self.boxSize + 1
        } else {
            // Two options a row, each a box and its label.
            var rowTop = 0.0
            for pair in stride(from: 0, to: question.options.count, by: 2) {
                var rowHeight = Self.boxSize + 1
                for k in pair..<min(pair + 2, question.options.count) {
                    let option = question.options[k]
                    let boxX = Self.optionsLeft + Double(k - pair) * (Self.optionsWidth / 2) + Self.boxSize / 2
                    let labelHeight = measurer.height(option.label, width: Self.optionsWidth / 2 - Self.boxSize - 4, size: 7.5)
                    runs.append(
                        Run(
                            text: option.label, x: boxX + Self.boxSize / 2 + 1.2, y: rowTop + 0.6,
                            width: Self.optionsWidth / 2 - Self.boxSize - 4,
                            size: 7.5))
                    boxes.append(
                        FormLayout.Box(
                            item: question.code, option: option.code, x: boxX, y: rowTop + Self.boxSize / 2 + 0.5, width: Self.boxSize,
                            height: Self.boxSize, several: question.input == .checkbox))
                    rowHeight = max(rowHeight, labelHeight + 1.2)
                }
                rowTop += rowHeight + 0.8
            }
            optionsHeight = rowTop
        }
        return (runs, boxes, max(textHeight + 1, optionsHeight) + 1.6)
    }
}

/// Text measured (and drawn) by pango at 72 dpi, so that a font size in points is that many
/// PDF units; sizes are converted to millimetres.
final class TextMeasurer {
    static let pointsPerMM = 72.0 / 25.4
    private let surface: OpaquePointer
    private let context: OpaquePointer

    init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        context = cairo_create(surface)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The height in millimetres of `text` wrapped to `width` millimetres.
    func height(_ text: String, width: Double, size: Double, bold: Bool = false) -> Double {
        TextMeasurer.withLayout(context, text, width: width, size: size, bold: bold) { layout in
            var w: Int32 = 0
            var h: Int32 = 0
            pango_layout_get_size(layout, &w, &h)
            return Double(h) / Double(PANGO_SCALE) / Self.pointsPerMM
        }
    }

    /// Runs `body` with a pango layout of `text` on the cairo context `cr`.
    static func withLayout<T>(
        _ cr: OpaquePointer, _ text: String, width: Double, size: Double, bold: Bool, centred: Bool = false, _ body: (OpaquePointer) -> T
    ) -> T {
        let layout = pango_cairo_create_layout(cr)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
        pango_layout_context_changed(layout)
        let description = pango_font_description_from_string("DejaVu Sans\(bold ? " Bold" : "") \(size)")
        defer { pango_font_description_free(description) }
        pango_layout_set_font_description(layout, description)
        pango_layout_set_width(layout, Int32(width * pointsPerMM * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if centred { pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER) }
        pango_layout_set_text(layout, text, -1)
        return body(layout)
    }
}
