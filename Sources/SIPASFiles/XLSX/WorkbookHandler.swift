/// Reads the sheet list from the workbook part (`xl/workbook.xml`).
final class WorkbookHandler: XMLPartHandler {
    struct SheetEntry: Sendable, Equatable {
        var name: String
        /// The relationship id (`r:id`) that leads to the sheet's part.
        var relationshipID: String
    }

    private(set) var sheets: [SheetEntry] = []
    private var inSheets = false

    override func didStart(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "sheets":
            inSheets = true
        case "sheet" where inSheets:
            guard let sheetName = attributes["name"], let id = attributes["id"] else {
                throw XLSXError(ZipArchiveReader.damaged("\(part) lists a sheet without a name or a link to its data"))
            }
            sheets.append(SheetEntry(name: sheetName.precomposedStringWithCanonicalMapping, relationshipID: id))
        default:
            break
        }
    }

    override func didEnd(_ name: String) throws {
        if name == "sheets" { inSheets = false }
    }
}
