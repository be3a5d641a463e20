import SIPASCore

/// The monthly report as an administrative document in the format of Nghị định
/// 30/2020/NĐ-CP: the header block (issuing body and number left, national motto and place and
/// date right), the title, a body written from the numbers with its tables and chart, "Nơi
/// nhận" and the signature block, and the appendix with every unit.
struct DOCXReport {
    let input: DOCXReportInput
    /// The body's XML so far.
    var body = ""
    var charts: [DOCXChart] = []
    var tableCount = 0

    var report: Report { input.report }
    var settings: DocumentSettings { input.settings }
    var period: String { DOCXWords.period(report.period) }
    static let width = DOCXParts.Page.textWidth

    /// The document's XML and its charts.
    static func render(_ input: DOCXReportInput) -> (document: String, charts: [DOCXChart]) {
        var document = DOCXReport(input: input)
        document.headerBlock()
        document.title()
        document.bodyText()
        document.closing()
        document.signatureBlock()
        document.appendix()
        return (DOCXParts.document(body: document.body), document.charts)
    }

    /// The title line of the document (also its core property).
    var subject: String {
        "Kết quả đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước \(period)"
    }

    /// The number and symbol: "Số: 15/BC-SNV", or room to write the number in.
    var numberAndSymbol: String {
        let number = settings.number.isEmpty ? "       " : settings.number
        return "Số: \(number)/\(settings.symbol)"
    }

    var date: CalendarDate { settings.date ?? input.today }

    // MARK: Header block

    /// A rule `length` twips long, centred in a column `width` twips wide.
    static func rule(length: Int, in width: Int, before: Int = 0) -> String {
        let inset = max(0, (width - length) / 2)
        return WordML.paragraph(
            [], WordML.Layout(alignment: .center, left: inset, right: inset, before: before, markFont: WordML.Font(size: 1)))
    }

    mutating func headerBlock() {
        let left = 3700
        let right = Self.width - 3700
        let centered = WordML.Layout.centered
        let parent = WordML.paragraph(settings.parentBody, WordML.Font(size: 13), centered)
        let issuer = WordML.paragraph(settings.issuingBody, WordML.Font(bold: true, size: 13), centered)
        var issuerRule = WordML.Layout(
            alignment: .center, left: 1250, right: 1250, before: 20, topRule: true, markFont: WordML.Font(size: 2))
        let motto1 = WordML.paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", WordML.Font(bold: true, size: 12.5), centered)
        let motto2 = WordML.paragraph("Độc lập - Tự do - Hạnh phúc", WordML.Font(bold: true, size: 13), centered)
        var mottoRule = issuerRule
        mottoRule.left = (right - 3450) / 2
        mottoRule.right = mottoRule.left
        issuerRule.left = (left - 1300) / 2
        issuerRule.right = issuerRule.left
        let number = WordML.paragraph(numberAndSymbol, WordML.Font(size: 13), WordML.Layout(alignment: .center, before: 120))
        let place = WordML.paragraph(
            DOCXWords.placeAndDate(settings.place, date), WordML.Font(italic: true, size: 14),
            WordML.Layout(alignment: .center, before: 120))
        let rows: [[WordML.Cell]] = [
            [
                WordML.Cell([parent, issuer, WordML.paragraph([], issuerRule)], width: left),
                WordML.Cell([motto1, motto2, WordML.paragraph([], mottoRule)], width: right),
            ],
            [WordML.Cell([number], width: left), WordML.Cell([place], width: right)],
        ]
        body += WordML.table(rows, widths: [left, right], borders: false, cellMargin: 0)
    }

    // MARK: Title

    mutating func title() {
        body += WordML.paragraph("BÁO CÁO", .bold, WordML.Layout(alignment: .center, before: 360, keepNext: true))
        body += WordML.paragraph(subject, .bold, WordML.Layout(alignment: .center, left: 400, right: 400, keepNext: true))
        body += WordML.paragraph(
            [],
            WordML.Layout(
                alignment: .center, left: (Self.width - 2000) / 2, right: (Self.width - 2000) / 2,
                before: 40, after: 240, topRule: true, markFont: WordML.Font(size: 2)))
    }

    // MARK: Text helpers

    /// A paragraph of the body: justified, first line indented 1 cm, 6 pt after.
    mutating func text(_ runs: [String], keepNext: Bool = false) {
        body += WordML.paragraph(runs, WordML.Layout(alignment: .both, firstLine: WordML.mm(10), after: 120, line: 264, keepNext: keepNext))
    }

    mutating func text(_ sentence: String, keepNext: Bool = false) { text([WordML.run(sentence)], keepNext: keepNext) }

    /// A heading of the body ("I. KẾT QUẢ CHUNG"): bold, kept with what follows.
    mutating func heading(_ title: String) {
        body += WordML.paragraph(
            title, .bold, WordML.Layout(alignment: .both, firstLine: WordML.mm(10), before: 120, after: 120, keepNext: true))
    }

    /// A table's caption: "Bảng 2. …", bold, centred, kept with the table.
    mutating func caption(_ title: String) -> String {
        tableCount += 1
        let text = "Bảng \(tableCount). \(title)"
        body += WordML.paragraph(
            text, WordML.Font(bold: true, size: 13), WordML.Layout(alignment: .center, before: 120, after: 60, keepNext: true))
        return text
    }

    /// A table cell of text at 11 pt; `keepNext` holds a row with the next (captions, header).
    static func cell(
        _ text: String, width: Int, bold: Bool = false, align: WordML.Alignment = .left, shading: String? = nil, keepNext: Bool = false
    ) -> WordML.Cell {
        let paragraph = WordML.paragraph(
            text, WordML.Font(bold: bold, size: 11), WordML.Layout(alignment: align, before: 20, after: 20, keepNext: keepNext))
        return WordML.Cell([paragraph], width: width, shading: shading)
    }

    // MARK: Closing, signature

    mutating func closing() {
        text(
            "Trên đây là báo cáo kết quả đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước \(period), \(settings.issuerName) kính báo cáo \(settings.addressee)./."
        )
    }

    mutating func signatureBlock() {
        let left = 4300
        let right = Self.width - 4300
        var recipients = [
            WordML.paragraph(
                "Nơi nhận:", WordML.Font(bold: true, italic: true, size: 12), WordML.Layout(alignment: .left, before: 120, keepNext: true))
        ]
        for line in settings.recipients {
            recipients.append(WordML.paragraph("- " + line, WordML.Font(size: 11), WordML.Layout(alignment: .left, keepNext: true)))
        }
        let centered = WordML.Layout(alignment: .center, keepNext: true)
        var signer: [String] = []
        var first = centered
        first.before = 120
        if !settings.signingAuthority.isEmpty {
            signer.append(WordML.paragraph(settings.signingAuthority, WordML.Font(bold: true, size: 14), first))
            first = centered
        }
        signer.append(WordML.paragraph(settings.signerTitle, WordML.Font(bold: true, size: 14), first))
        // Room for the signature and the seal.
        for _ in 0..<4 { signer.append(WordML.paragraph("", .plain, centered)) }
        signer.append(WordML.paragraph(settings.signerName, WordML.Font(bold: true, size: 14), WordML.Layout(alignment: .center)))
        body += WordML.table(
            [[WordML.Cell(recipients, width: left), WordML.Cell(signer, width: right)]],
            widths: [left, right], borders: false, cellMargin: 0)
    }
}
