import CCairo
import Foundation
import SIPASCore
import SIPASFiles

/// Printable A4 questionnaires (`sipas forms print`), drawn with cairo into a PDF: on every
/// page the four corner marks, the QR code naming the layout, survey, unit, serial and page,
/// the questions with their answer boxes where `FormComposer` put them, the unit's name and the
/// instructions. All forms of a run share one layout; only the QR code, serial and unit differ.
public struct FormPrinter: Sendable {
    public let survey: Survey

    public init(survey: Survey) { self.survey = survey }

    /// The layout every form of this survey version is printed with.
    public func layout() -> FormLayout { FormComposer(survey: survey).compose().layout }

    /// One form to print: the unit and the form's serial.
    public struct Form: Sendable {
        public var unitCode: String
        public var unitName: String
        public var serial: Int

        public init(unitCode: String, unitName: String, serial: Int) {
            self.unitCode = unitCode
            self.unitName = unitName
            self.serial = serial
        }
    }

    /// Writes `forms` into the PDF at `url` (each form all its pages), under `layoutID` (the
    /// stored layout the QR codes name). Returns the layout.
    @discardableResult
    public func write(_ forms: [Form], layoutID: Int, to url: URL) throws -> FormLayout {
        let (pages, layout) = FormComposer(survey: survey).compose()
        let k = TextMeasurer.pointsPerMM
        guard let surface = cairo_pdf_surface_create(url.path, FormComposer.width * k, FormComposer.height * k),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw FormPrintError("cannot write \(url.path)") }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "\(survey.title.vi) — phiếu in")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "sipas forms print")

        func mm(_ v: Double) -> Double { v * k }
        func text(_ run: FormComposer.Run) {
            TextMeasurer.withLayout(cr, run.text, width: run.width, size: run.size, bold: run.bold, centred: run.centred) { layout in
                cairo_move_to(cr, mm(run.x), mm(run.y))
                pango_cairo_show_layout(cr, layout)
            }
        }
        for form in forms {
            for (n, page) in pages.enumerated() {
                cairo_set_source_rgb(cr, 0, 0, 0)
                for corner in FormComposer.corners {
                    let s = FormComposer.markSize
                    cairo_rectangle(cr, mm(corner.x - s / 2), mm(corner.y - s / 2), mm(s), mm(s))
                }
                cairo_fill(cr)
                let code = FormCode(
                    layoutID: layoutID, survey: survey.code, version: survey.version, unit: form.unitCode, serial: form.serial, page: n + 1)
                let qr = try QRCode(code.description, correction: .medium)
                // The code's own quiet zone is the white paper around it: modules fill the square.
                let module = FormComposer.qrSize / Double(qr.size)
                for y in 0..<qr.size {
                    for x in 0..<qr.size where qr[x: x, y: y] {
                        cairo_rectangle(
                            cr, mm(FormComposer.qr.x + Double(x) * module), mm(FormComposer.qr.y + Double(y) * module), mm(module) + 0.05,
                            mm(module) + 0.05)
                    }
                }
                cairo_fill(cr)
                if n == 0 {
                    text(FormComposer.Run(text: survey.title.vi, x: 31, y: 15, width: 122, size: 10.5, bold: true))
                    text(FormComposer.Run(text: "Đơn vị: \(form.unitName) (mã \(form.unitCode))", x: 31, y: 29.5, width: 122, size: 9))
                    text(
                        FormComposer.Run(
                            text:
                                "Cách đánh dấu: đánh dấu X hoặc tô kín một ô cho mỗi câu. Muốn sửa: gạch bỏ ô đã đánh và đánh dấu ô khác; phiếu có chỗ không rõ sẽ được cán bộ xem lại. Không viết ngoài các ô.",
                            x: 31, y: 35.5, width: 122, size: 7.5))
                }
                for run in page.runs { text(run) }
                cairo_set_line_width(cr, mm(0.3))
                for box in page.boxes {
                    cairo_rectangle(cr, mm(box.x - box.width / 2), mm(box.y - box.height / 2), mm(box.width), mm(box.height))
                }
                cairo_stroke(cr)
                text(
                    FormComposer.Run(
                        text: "Phiếu số \(form.serial) · trang \(n + 1)/\(pages.count) · \(form.unitName)", x: 20, y: 284, width: 170,
                        size: 7, centred: true))
                cairo_show_page(cr)
            }
        }
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw FormPrintError("cannot write \(url.path)") }
        return layout
    }
}

public struct FormPrintError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
