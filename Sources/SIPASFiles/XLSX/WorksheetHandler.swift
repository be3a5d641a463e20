import Foundation

/// Streams the rows of a worksheet part (`xl/worksheets/sheetN.xml`) to a callback.
///
/// Cell types: `s` (shared string), `inlineStr` (`<is><t>`), `str` (cached formula text),
/// `b` (boolean → "TRUE"/"FALSE"), `e` (error code such as "#N/A"), `d` (ISO date, as written),
/// `n` or none (number → shortest decimal text; a value that is not a number stays as written).
/// Cells without `r` follow the previous cell; rows without `r` follow the previous row.
final class WorksheetHandler: XMLPartHandler {
    private let sharedStrings: [String]
    private let onRow: (XLSXRow) throws -> Void

    private var inSheetData = false
    private var inRow = false
    private var rowNumber = 0
    private var rowHasNumber = false
    private var cells: [String] = []
    private var nextColumn = 0

    private var inCell = false
    private var cellColumn = 0
    private var cellType: String?
    private var value = ""
    private var inlineText = ""
    private var inValue = false
    private var inInlineString = false
    private var inText = false
    private var phoneticDepth = 0

    init(part: String, sharedStrings: [String], onRow: @escaping (XLSXRow) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.onRow = onRow
        super.init(part: part)
    }

    override func didStart(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "sheetData":
            inSheetData = true
        case "row" where inSheetData:
            if let r = attributes["r"] {
                guard let number = Int(TextFastPaths.trimmed(r)),
                    number >= 1, number <= CellReference.maxRowNumber
                else {
                    throw damaged("has a row numbered '\(r)', which is not a valid row number")
                }
                rowNumber = number
                rowHasNumber = true
            } else {
                rowNumber += 1
                rowHasNumber = false
            }
            inRow = true
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        case "c" where inRow:
            inCell = true
            cellType = attributes["t"]
            value = ""
            inlineText = ""
            if let reference = attributes["r"] {
                guard let parsed = CellReference.parse(reference) else {
                    throw damaged("row \(rowNumber) has a cell reference '\(reference)' that is not valid")
                }
                cellColumn = parsed.column
                if !rowHasNumber, let row = parsed.row, row >= 1, row <= CellReference.maxRowNumber {
                    // A row without r="…" takes its number from its first cell reference.
                    rowNumber = row
                    rowHasNumber = true
                }
            } else {
                cellColumn = nextColumn
                guard cellColumn <= CellReference.maxColumnIndex else {
                    throw damaged("row \(rowNumber) has more than \(CellReference.maxColumnIndex + 1) columns")
                }
            }
        case "v" where inCell:
            inValue = true
        case "is" where inCell:
            inInlineString = true
        case "rPh":
            phoneticDepth += 1
        case "t" where inInlineString && phoneticDepth == 0:
            inText = true
        default:
            break
        }
    }

    override func didEnd(_ name: String) throws {
        switch name {
        case "v":
            inValue = false
        case "t":
            inText = false
        case "rPh":
            phoneticDepth = max(0, phoneticDepth - 1)
        case "is":
            inInlineString = false
        case "c" where inCell:
            let text = try cellText()
            if !text.isEmpty {
                if cells.count <= cellColumn {
                    cells.append(contentsOf: repeatElement("", count: cellColumn + 1 - cells.count))
                }
                cells[cellColumn] = text
            }
            nextColumn = cellColumn + 1
            inCell = false
        case "row" where inRow:
            inRow = false
            while let last = cells.last, last.isEmpty { cells.removeLast() }
            if !cells.isEmpty {
                try onRow(XLSXRow(number: rowNumber, cells: cells))
            }
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    override func didFind(text: String) {
        if inValue {
            value += text
        } else if inText {
            inlineText += text
        }
    }

    /// The text of the cell that just ended.
    private func cellText() throws -> String {
        switch cellType {
        case "s":
            let trimmed = TextFastPaths.trimmed(value)
            if trimmed.isEmpty { return "" }
            guard let index = Int(trimmed), index >= 0, index < sharedStrings.count else {
                throw damaged(
                    "cell \(reference) refers to shared text number \(trimmed), "
                        + "but the workbook has only \(sharedStrings.count)")
            }
            return sharedStrings[index]
        case "inlineStr":
            // Some producers put inline text in <v> instead of <is><t>.
            let raw = inlineText.isEmpty ? value : inlineText
            return TextFastPaths.nfc(OOXMLText.decodingEscapes(raw))
        case "str":
            return TextFastPaths.nfc(OOXMLText.decodingEscapes(value))
        case "b":
            switch TextFastPaths.trimmed(value) {
            case "1", "true": return "TRUE"
            case "0", "false": return "FALSE"
            case let other: return other
            }
        case "e", "d":
            return TextFastPaths.trimmed(value)
        case nil, "n":
            let trimmed = TextFastPaths.trimmed(value)
            if let integer = TextFastPaths.canonicalInteger(trimmed) { return integer }
            // Only decimal notation counts: Double("0x1A") and Double("inf") would also parse.
            let decimal = trimmed.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            }
            if decimal, let number = Double(trimmed), number.isFinite {
                return NumberText.shortest(number)
            }
            return TextFastPaths.nfc(trimmed)
        default:
            return TextFastPaths.nfc(value)
        }
    }

    private var reference: String {
        CellReference.columnName(cellColumn) + String(rowNumber)
    }

    private func damaged(_ detail: String) -> XLSXError {
        XLSXError(ZipArchiveReader.damaged("\(part) \(detail)"))
    }
}
