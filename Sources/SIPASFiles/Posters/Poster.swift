import Foundation

/// The A4 poster of a public questionnaire link, one page per unit, to print and put up where
/// people are served: the unit's name, the QR code of the link, the full address under it, and
/// what the survey is for and how the answers are used. HTML, printed to PDF by `PDFPrinter`.
public enum Poster {
    /// One unit's page.
    public struct Page: Sendable, Equatable {
        /// The unit's name as people know it ("Phường Nam Hà").
        public var unitName: String
        /// The link's full address, which the QR code holds.
        public var url: String

        public init(unitName: String, url: String) {
            self.unitName = unitName
            self.url = url
        }
    }

    /// The side of the printed QR code, quiet zone included: read from two metres away.
    public static let codeSide = "11cm"

    /// The QR code of one page, as SVG.
    public static func code(_ page: Page) throws -> String {
        try QRCode(page.url, correction: .quartile).svg(side: codeSide)
    }

    /// The pages as one HTML document, each page one A4 sheet.
    public static func html(_ pages: [Page]) throws -> String {
        let body = try pages.map { page in
            let name = XMLEscaping.escape(page.unitName)
            return """
                <section class="page">
                <p class="kicker">Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước</p>
                <h1>\(name)</h1>
                <p class="call">Quét mã QR để đánh giá sự hài lòng của Ông/Bà đối với sự phục vụ của \(name)</p>
                <div class="code">\(try code(page))</div>
                <p class="url">\(XMLEscaping.escape(page.url))</p>
                <p class="hint">Hoặc nhập địa chỉ trên vào trình duyệt của điện thoại.</p>
                <p class="use">Ý kiến của Ông/Bà được dùng để tính Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của \(name) \
                và để cải thiện việc phục vụ người dân, tổ chức. Phiếu không hỏi họ tên, số điện thoại hay địa chỉ; \
                các câu trả lời chỉ được tổng hợp thành số liệu chung.</p>
                </section>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <title>Mã QR khảo sát sự hài lòng</title>
            <style>
            @page { size: A4; margin: 0; }
            html, body { margin: 0; padding: 0; }
            body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #000; }
            .page { box-sizing: border-box; width: 210mm; height: 296mm; padding: 18mm 15mm; overflow: hidden;
              display: flex; flex-direction: column; align-items: center; text-align: center; break-after: page; }
            .page:last-child { break-after: auto; }
            .kicker { font-size: 12pt; text-transform: uppercase; margin: 0 0 6mm; }
            h1 { font-size: 30pt; margin: 0 0 6mm; }
            .call { font-size: 16pt; margin: 0 0 6mm; }
            .code svg { display: block; }
            .url { font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 11pt; word-break: break-all; margin: 4mm 0 2mm; }
            .hint { font-size: 11pt; margin: 0 0 8mm; }
            .use { font-size: 11pt; line-height: 1.45; text-align: justify; margin: auto 0 0; border-top: 0.4mm solid #000; padding-top: 4mm; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }
}
