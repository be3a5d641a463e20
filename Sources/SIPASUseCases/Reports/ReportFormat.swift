/// The forms a report is written in: `sipas report --format`, the API's `format=`.
/// `docx` is the administrative document of Nghị định 30/2020/NĐ-CP (Vietnamese); `pdf` is
/// that document printed by LibreOffice, or the HTML report printed by Chromium when
/// LibreOffice is not installed (`PDFPrinter`).
public enum ReportFormat: String, Sendable, Codable, CaseIterable {
    case json, text, html, xlsx, csv, docx, pdf
}
