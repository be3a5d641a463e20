import Foundation
import ZIPFoundation

/// Writes XLSX workbooks (Office Open XML SpreadsheetML) that Excel and LibreOffice open
/// without a repair prompt.
public enum XLSXWriter {
    /// Writes the sheets as one workbook, replacing any file at `url`.
    ///
    /// The package holds `[Content_Types].xml`, `_rels/.rels`, `docProps/app.xml` and
    /// `docProps/core.xml`, `xl/workbook.xml` with `xl/_rels/workbook.xml.rels`, `xl/styles.xml`
    /// (one cell format per number format × bold) and `xl/worksheets/sheetN.xml` with a frozen
    /// pane, column widths, and cells with explicit references (`r="B3"`). Text is written as
    /// inline strings, XML-escaped, with characters XML 1.0 forbids removed.
    ///
    /// The workbook is first written to a hidden temporary file beside `url` and then renamed
    /// over it, so a failed write never leaves a half-written workbook at `url`.
    /// - Throws: `XLSXError` for an empty sheet list, content beyond Excel's limits (rows,
    ///   columns, 32,767 characters in a cell) or a file that cannot be written.
    public static func write(_ sheets: [XLSXSheet], to url: URL) throws {
        guard !sheets.isEmpty else { throw XLSXError("a workbook needs at least one sheet") }
        let fileManager = FileManager.default
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw XLSXError("the folder \(folder.path) does not exist")
        }

        let names = SheetName.uniqueNames(sheets.map(\.name))
        let work = fileManager.temporaryDirectory.appendingPathComponent("sipas-xlsx-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw XLSXError("a temporary folder cannot be created in \(fileManager.temporaryDirectory.path)")
        }
        defer { try? fileManager.removeItem(at: work) }

        var sheetFiles: [URL] = []
        for (index, sheet) in sheets.enumerated() {
            let file = work.appendingPathComponent("sheet\(index + 1).xml")
            try WorksheetXMLWriter.write(sheet, name: names[index], selected: index == 0, to: file)
            sheetFiles.append(file)
        }

        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try writeArchive(at: temporary, sheetNames: names, sheetFiles: sheetFiles)
        } catch {
            try? fileManager.removeItem(at: temporary)
            if let error = error as? XLSXError { throw error }
            throw XLSXError("the workbook cannot be written to \(url.path) (\(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(at: temporary)
            throw XLSXError("the workbook cannot be written to \(url.path) (\(reason))")
        }
    }

    /// Builds the zip package. The archive is closed when this returns.
    private static func writeArchive(at path: URL, sheetNames: [String], sheetFiles: [URL]) throws {
        let archive = try Archive(url: path, accessMode: .create)
        let count = sheetNames.count
        try add(archive, "[Content_Types].xml", PackageParts.contentTypes(sheetCount: count))
        try add(archive, "_rels/.rels", PackageParts.packageRelationships)
        try add(archive, "docProps/app.xml", PackageParts.appProperties)
        try add(archive, "docProps/core.xml", PackageParts.coreProperties(created: Date()))
        try add(archive, "xl/workbook.xml", PackageParts.workbook(sheetNames: sheetNames))
        try add(archive, "xl/_rels/workbook.xml.rels", PackageParts.workbookRelationships(sheetCount: count))
        try add(archive, "xl/styles.xml", StyleSheet.xml)
        for (index, file) in sheetFiles.enumerated() {
            try archive.addEntry(
                with: "xl/worksheets/sheet\(index + 1).xml", fileURL: file,
                compressionMethod: .deflate)
        }
    }

    private static func add(_ archive: Archive, _ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
            provider: { position, size in
                let start = Int(position)
                return data.subdata(in: start..<min(start + size, data.count))
            })
    }
}
