import SIPASCore

/// The monthly SIPAS report as one self-contained HTML5 page for the province's leadership:
/// no scripts, no external fonts, images or stylesheets; printable on A4.
///
/// Sections, in order: summary, ranking chart, heat map, 12-month trend, weakest criteria,
/// units with too few responses, observations, method and provenance. Numbers are formatted
/// with `NumberFormatting` in the report language; a missing value is printed as "–".
public enum HTMLReport {
    /// Renders the report. Pure: the same input gives the same text.
    public static func render(_ input: HTMLReportInput) -> String {
        let w = Words(language: input.language)
        let title = input.title ?? defaultTitle(period: input.report.period, language: input.language)
        var body = ""
        body += header(input, title: title, words: w)
        body += HTMLSections.summary(input, words: w)
        body += HTMLSections.ranking(input, words: w)
        body += HTMLSections.heatMap(input, words: w)
        body += HTMLSections.trend(input, words: w)
        body += HTMLSections.weakestCriteria(input, words: w)
        body += HTMLSections.tooFew(input, words: w)
        body += HTMLSections.observations(input, words: w)
        body += HTMLSections.method(input, words: w)

        return """
        <!DOCTYPE html>
        <html lang="\(input.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="sipas">
        <title>\(HTML.text(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// "Báo cáo chỉ số hài lòng (SIPAS) — Tháng 3/2021" / "Satisfaction index report (SIPAS) — March 2021".
    public static func defaultTitle(period: String, language: Language) -> String {
        let label = ReportText.periodLabel(period, language)
        return language == .vi ? "Báo cáo chỉ số hài lòng (SIPAS) — \(label)" : "Satisfaction index report (SIPAS) — \(label)"
    }

    static func header(_ input: HTMLReportInput, title: String, words w: Words) -> String {
        var html = "<header class=\"doc-header\">\n"
        if let reference = input.report.reference {
            html += "<p class=\"issuer\">\(HTML.text(reference.name)) — \(w.t("Sở Nội vụ", "Department of Home Affairs"))</p>\n"
        }
        html += "<h1>\(HTML.text(title))</h1>\n"
        html += "<p class=\"subtitle\">\(HTML.text(input.survey.title.text(input.language))) · \(HTML.text(w.period(input.report.period)))</p>\n"
        html += "<p class=\"generated\">\(w.t("Lập lúc", "Generated")): \(HTML.text(input.generatedAt))</p>\n"
        return html + "</header>\n"
    }

    static let stylesheet = """
    @page { size: A4; margin: 15mm; @bottom-right { content: counter(page) " / " counter(pages); font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 9pt; color: #333; } }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; margin: 0; background: #eceff1; }
    main { max-width: 210mm; margin: 0 auto; padding: 12mm 15mm; background: #fff; }
    h1 { font-size: 17pt; margin: 2mm 0 1mm; line-height: 1.2; }
    h2 { font-size: 13.5pt; margin: 7mm 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid #222; break-after: avoid; page-break-after: avoid; }
    h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
    p { margin: 1.5mm 0; }
    .issuer { font-weight: bold; text-transform: uppercase; font-size: 9.5pt; margin: 0; }
    .subtitle { font-size: 10.5pt; margin: 0; }
    .generated, .note, caption { font-size: 9pt; color: #333; }
    caption { text-align: left; caption-side: top; padding-bottom: 1mm; }
    .doc-header { border-bottom: 3px double #222; padding-bottom: 2mm; margin-bottom: 3mm; }
    section { break-inside: auto; }
    section.small { break-inside: avoid; page-break-inside: avoid; }
    .newpage { break-before: page; page-break-before: always; }
    .keep, figure, .chart, .cards, .legend { break-inside: avoid; page-break-inside: avoid; }
    figure { margin: 2mm 0 4mm; }
    figure svg { display: block; width: 100%; height: auto; }
    figcaption { font-size: 9pt; color: #222; margin-top: 1mm; }
    table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0 3mm; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    th, td { border: 1px solid #9a9a9a; padding: 0.8mm 1.5mm; vertical-align: top; text-align: left; }
    thead th { background: #e4e4e4; }
    .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .cards { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0 3mm; }
    .card { flex: 1 1 40mm; border: 1px solid #777; border-radius: 1.5mm; padding: 1.5mm 3mm; }
    .card .label { font-size: 9pt; color: #333; }
    .card .value { font-size: 16pt; font-weight: bold; }
    .card .detail { font-size: 9pt; }
    .big .value { font-size: 22pt; }
    .sig { font-weight: bold; }
    .sym { font-weight: bold; display: inline-block; min-width: 1.2em; text-align: center; }
    .legend { display: flex; flex-wrap: wrap; gap: 1.5mm 4mm; align-items: center; font-size: 9pt; margin: 1mm 0 2mm; }
    .legend .key { display: inline-flex; align-items: center; gap: 1.5mm; }
    .legend .box { display: inline-block; width: 6mm; height: 3mm; border: 0.5px solid #1a1a1a; }
    .legend .line { display: inline-block; width: 8mm; height: 0; border-top-width: 2px; }
    .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 4mm; align-items: start; }
    .pair table { margin: 0; }
    .meaning { font-size: 9pt; color: #333; }
    .heat { table-layout: auto; }
    .heat th.el { text-align: center; font-size: 9pt; width: 16.5mm; min-width: 16.5mm; hyphens: auto; }
    .heat td.name { min-width: 45mm; }
    .heat th.el span { display: block; font-weight: normal; }
    .heat td { padding: 0.7mm 1.2mm; }
    .heat td.v { text-align: center; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .heat td.muted { font-style: italic; color: #444; background: #fff; }
    .heat tr.ref td { font-weight: bold; border-bottom: 2px solid #222; }
    .heat tr.level th { background: #f3f3f3; text-align: left; }
    .heat .mark { font-weight: bold; }
    .heat-legend .swatch { display: inline-block; padding: 0.5mm 1.5mm; font-size: 9pt; border: 0.5px solid #1a1a1a; }
    .legend-title { font-weight: bold; }
    .empty { font-style: italic; color: #333; }
    dl.method { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 3mm; margin: 1mm 0 3mm; }
    dl.method dt { font-weight: bold; }
    dl.method dd { margin: 0; }
    .verbatim { font-style: italic; }
    @media print {
      body { background: #fff; }
      main { max-width: none; margin: 0; padding: 0; }
    }
    """
}
