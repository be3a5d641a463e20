import Foundation

/// Reads the cell texts of an XLSX workbook (Office Open XML spreadsheet), row by row.
///
/// The sheets are found through `xl/workbook.xml` and its relationships; chart sheets are
/// skipped. Each part is unpacked with a size limit (zip bomb protection) and parsed as a
/// stream: a worksheet is unpacked to a temporary file and read from there, so memory stays
/// bounded by the shared string table and one row, not by the size of the sheet.
///
/// Damaged files (not a zip archive, truncated, corrupted, malformed XML, missing parts) throw
/// `XLSXError`; they never crash or hang the program. Rows delivered to `forEachRow` before
/// damage further down a sheet is found are not taken back, so callers that import should
/// treat any error as a failure of the whole file.
public struct XLSXReader: Sendable {
    /// One worksheet: its tab name and the zip path of its part.
    struct Sheet: Sendable, Equatable {
        var name: String
        var path: String
    }

    private let archive: ZipArchiveReader
    private let sheets: [Sheet]
    private let sharedStringsPath: String?
    private let maxUncompressedBytes: Int

    /// Opens a workbook and reads its list of sheets.
    /// - Parameters:
    ///   - url: a local .xlsx file.
    ///   - maxUncompressedBytes: the most bytes any one part (a worksheet, the shared strings)
    ///     may unpack to; larger parts are refused as possible zip bombs.
    /// - Throws: `XLSXError` when the file is not a readable workbook or has no worksheet.
    public init(url: URL, maxUncompressedBytes: Int = 512 * 1024 * 1024) throws {
        let archive = try ZipArchiveReader(url: url)
        self.archive = archive
        self.maxUncompressedBytes = maxUncompressedBytes

        // The package relationships name the workbook part; xl/workbook.xml is the usual name.
        var workbookPath = "xl/workbook.xml"
        if let packageRelationships = archive.entry("_rels/.rels") {
            let relationships = try Self.relationships(
                in: packageRelationships, archive: archive, limit: maxUncompressedBytes,
                part: "the package relationships (_rels/.rels)")
            if let office = relationships.first(where: { $0.kind == "officeDocument" && !$0.isExternal }) {
                let target = PartPath.resolve(office.target, from: "")
                if archive.entry(target) != nil { workbookPath = target }
            }
        }
        guard let workbookEntry = archive.entry(workbookPath) else {
            throw XLSXError(Self.missingWorkbookMessage(archive))
        }
        workbookPath = workbookEntry.path

        let workbook = WorkbookHandler(part: "the workbook (\(workbookPath))")
        try workbook.parse(data: archive.data(of: workbookEntry, part: workbook.part, limit: maxUncompressedBytes))

        let relationshipsPath = PartPath.relationships(of: workbookPath)
        guard let relationshipsEntry = archive.entry(relationshipsPath) else {
            throw XLSXError(
                ZipArchiveReader.damaged(
                    "the workbook's list of parts (\(relationshipsPath)) is missing"))
        }
        let relationships = try Self.relationships(
            in: relationshipsEntry, archive: archive, limit: maxUncompressedBytes,
            part: "the workbook's list of parts (\(relationshipsPath))")
        let folder = PartPath.folder(of: workbookPath)

        var sheets: [Sheet] = []
        for entry in workbook.sheets {
            guard let relationship = relationships.first(where: { $0.id == entry.relationshipID }) else {
                throw XLSXError(ZipArchiveReader.damaged("sheet '\(entry.name)' has no link to its data"))
            }
            // Chart sheets, dialog sheets and macro sheets hold no cells to import.
            guard relationship.kind == "worksheet" else { continue }
            let path = PartPath.resolve(relationship.target, from: folder)
            guard let sheetEntry = archive.entry(path) else {
                throw XLSXError(ZipArchiveReader.damaged("worksheet '\(entry.name)' (\(path)) is missing"))
            }
            sheets.append(Sheet(name: entry.name, path: sheetEntry.path))
        }
        guard !sheets.isEmpty else { throw XLSXError("the workbook has no worksheet") }
        self.sheets = sheets

        if let shared = relationships.first(where: { $0.kind == "sharedStrings" && !$0.isExternal }),
            let entry = archive.entry(PartPath.resolve(shared.target, from: folder))
        {
            sharedStringsPath = entry.path
        } else {
            sharedStringsPath = archive.entry(folder.isEmpty ? "sharedStrings.xml" : folder + "/sharedStrings.xml")?.path
        }
    }

    /// The worksheet names, in workbook (tab) order.
    public var sheetNames: [String] {
        sheets.map(\.name)
    }

    /// Calls `body` for each non-empty row of a sheet, in order. Empty rows are skipped.
    /// Throwing from `body` stops reading and rethrows that error unchanged.
    ///
    /// Each call reads the shared string table again and unpacks the sheet to a temporary
    /// file in `FileManager.default.temporaryDirectory` (removed afterwards), so that folder
    /// needs room for the uncompressed sheet.
    /// - Parameter sheet: the 0-based index into `sheetNames`; the first sheet by default.
    /// - Throws: `XLSXError` for a sheet index that does not exist or a damaged sheet.
    public func forEachRow(sheet: Int = 0, _ body: (XLSXRow) throws -> Void) throws {
        guard sheets.indices.contains(sheet) else {
            let count = sheets.count == 1 ? "1 worksheet" : "\(sheets.count) worksheets"
            throw XLSXError("the workbook has no worksheet number \(sheet + 1); it has \(count)")
        }
        let target = sheets[sheet]
        let sharedStrings = try loadSharedStrings()
        guard let entry = archive.entry(target.path) else {
            throw XLSXError(ZipArchiveReader.damaged("worksheet '\(target.name)' (\(target.path)) is missing"))
        }
        let part = "worksheet '\(target.name)'"
        try Self.withTemporaryFile { file in
            try archive.extract(entry, part: part, limit: maxUncompressedBytes, to: file)
            try withoutActuallyEscaping(body) { body in
                let handler = WorksheetHandler(part: part, sharedStrings: sharedStrings, onRow: body)
                try handler.parse(contentsOf: file)
            }
        }
    }

    /// The column letters for a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA".
    public static func columnName(_ index: Int) -> String {
        CellReference.columnName(index)
    }

    // MARK: - Private

    private func loadSharedStrings() throws -> [String] {
        guard let path = sharedStringsPath, let entry = archive.entry(path) else { return [] }
        let handler = SharedStringsHandler(part: "the shared text of the workbook (\(path))")
        try Self.withTemporaryFile { file in
            try archive.extract(entry, part: handler.part, limit: maxUncompressedBytes, to: file)
            try handler.parse(contentsOf: file)
        }
        return handler.strings
    }

    private static func relationships(
        in entry: ZipEntryInfo, archive: ZipArchiveReader, limit: Int, part: String
    ) throws -> [RelationshipsHandler.Relationship] {
        let handler = RelationshipsHandler(part: part)
        try handler.parse(data: archive.data(of: entry, part: part, limit: limit))
        return handler.relationships
    }

    private static func missingWorkbookMessage(_ archive: ZipArchiveReader) -> String {
        if archive.entry("word/document.xml") != nil {
            return "the file is a Word document, not an XLSX workbook"
        }
        if archive.entry("ppt/presentation.xml") != nil {
            return "the file is a PowerPoint presentation, not an XLSX workbook"
        }
        if archive.entry("content.xml") != nil, archive.entry("mimetype") != nil {
            return "the file is an OpenDocument file (.ods); open it in LibreOffice and save it as .xlsx"
        }
        return "the file is not a valid XLSX workbook (xl/workbook.xml is missing)"
    }

    /// Runs `body` with the URL of a new temporary file and removes the file afterwards.
    private static func withTemporaryFile(_ body: (URL) throws -> Void) throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("sipas-xlsx-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        try body(file)
    }
}
