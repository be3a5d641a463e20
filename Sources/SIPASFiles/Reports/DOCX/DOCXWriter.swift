import Foundation
import SIPASCore
import ZIPFoundation

/// Writes the Word report (`sipas report --format docx`): a WordprocessingML package that Word
/// and LibreOffice open without a repair prompt, zipped with ZIPFoundation as `XLSXWriter`
/// zips workbooks (no DOCX library is among the packages sipas may use; see `WordML`).
///
/// The package: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml` and `app.xml`,
/// `word/document.xml` with its relationships, `word/styles.xml` (Times New Roman),
/// `word/settings.xml` (compatibility mode 15), `word/header1.xml` (page numbers), and per
/// chart `word/charts/chartN.xml` with its data cached and its workbook in `word/embeddings/`.
public enum DOCXWriter {
    /// Writes the report to `url`, through a temporary file beside it, so that a failed write
    /// leaves nothing half-written.
    public static func write(_ input: DOCXReportInput, to url: URL) throws {
        let fileManager = FileManager.default
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try writeArchive(input, at: temporary)
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw DOCXError("the Word report cannot be written to \(url.path) (\(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(at: temporary)
            throw DOCXError("the Word report cannot be written to \(url.path) (\(reason))")
        }
    }

    /// The report's bytes.
    public static func bytes(_ input: DOCXReportInput) throws -> [UInt8] {
        try TemporaryFile.bytes { try write(input, to: $0) }
    }

    static func workbookName(_ chart: Int) -> String { "Microsoft_Excel_Worksheet\(chart).xlsx" }

    private static func writeArchive(_ input: DOCXReportInput, at path: URL) throws {
        let (document, charts) = DOCXReport.render(input)
        let archive = try Archive(url: path, accessMode: .create)
        try add(archive, "[Content_Types].xml", DOCXParts.contentTypes(charts: charts.count))
        try add(archive, "_rels/.rels", DOCXParts.packageRelationships)
        try add(
            archive, "docProps/core.xml",
            DOCXParts.coreProperties(
                title: "Báo cáo " + DOCXReport(input: input).subject, creator: input.settings.issuerName, created: Date()))
        try add(archive, "docProps/app.xml", DOCXParts.appProperties)
        try add(archive, "word/document.xml", document)
        try add(archive, "word/_rels/document.xml.rels", DOCXParts.documentRelationships(charts: charts.count))
        try add(archive, "word/styles.xml", DOCXParts.styles)
        try add(archive, "word/settings.xml", DOCXParts.settings)
        try add(archive, "word/header1.xml", DOCXParts.pageHeader)
        for (offset, chart) in charts.enumerated() {
            let number = offset + 1
            try add(archive, "word/charts/chart\(number).xml", chart.part(embedded: true))
            try add(archive, "word/charts/_rels/chart\(number).xml.rels", DOCXChart.relationships(workbook: workbookName(number)))
            let workbook = try TemporaryFile.bytes { try XLSXWriter.write([chart.embeddedSheet], to: $0) }
            try add(archive, "word/embeddings/\(workbookName(number))", Data(workbook))
        }
    }

    private static func add(_ archive: Archive, _ path: String, _ text: String) throws {
        try add(archive, path, Data(text.utf8))
    }

    private static func add(_ archive: Archive, _ path: String, _ data: Data) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
            provider: { position, size in
                let start = Int(position)
                return data.subdata(in: start..<min(start + size, data.count))
            })
    }
}
