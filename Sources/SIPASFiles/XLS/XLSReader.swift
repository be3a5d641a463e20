import CFreeXL
import Foundation

/// Excel 97–2003 workbooks (.xls: BIFF records in an OLE2 compound file), read by FreeXL
/// (Debian's libfreexl-dev), which converts the workbook's text to UTF-8. Only the first
/// worksheet is read, as for XLSX; cells come as the text a person sees: whole numbers without
/// a decimal point, other numbers in the shortest form that reads back the same, dates as
/// YYYY-MM-DD.
enum XLSReader {
    /// The first eight bytes of every OLE2 compound file (.xls, and also .doc and .ppt).
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Calls `body` with each row of the first worksheet that has a cell: its number as the
    /// spreadsheet shows it (1-based) and its cells, up to the last non-empty one.
    static func forEachRow(_ url: URL, _ body: (_ number: Int, _ cells: [String]) throws -> Void) throws {
        var opened: UnsafeRawPointer?
        let status = freexl_open(url.path, &opened)
        guard status == FREEXL_OK, let handle = opened else {
            if let opened { freexl_close(opened) }
            throw XLSXError(message(opening: status))
        }
        defer { freexl_close(handle) }
        var protected: UInt32 = 0
        if freexl_get_info(handle, UInt16(FREEXL_BIFF_PASSWORD), &protected) == FREEXL_OK, protected == UInt32(FREEXL_BIFF_OBFUSCATED) {
            throw XLSXError(
                "the workbook is protected by a password; open it in Excel or LibreOffice, remove the password and save it as .xlsx")
        }
        var sheets: UInt32 = 0
        guard freexl_get_info(handle, UInt16(FREEXL_BIFF_SHEET_COUNT), &sheets) == FREEXL_OK, sheets > 0 else {
            throw XLSXError("the workbook has no worksheet")
        }
        guard freexl_select_active_worksheet(handle, 0) == FREEXL_OK else { throw XLSXError("the first worksheet cannot be read") }
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        guard freexl_worksheet_dimensions(handle, &rows, &columns) == FREEXL_OK else {
            throw XLSXError("the size of the first worksheet cannot be read")
        }
        var cell = FreeXL_CellValue()
        for row in 0..<rows {
            var cells: [String] = []
            cells.reserveCapacity(Int(columns))
            for column in 0..<columns {
                let read = freexl_get_cell_value(handle, row, column, &cell)
                guard read == FREEXL_OK else {
                    throw XLSXError("cell \(XLSXReader.columnName(Int(column)))\(row + 1) cannot be read (FreeXL error \(read))")
                }
                cells.append(text(of: cell))
            }
            while let last = cells.last, last.isEmpty { cells.removeLast() }
            if !cells.isEmpty { try body(Int(row) + 1, cells) }
        }
    }

    static func text(of cell: FreeXL_CellValue) -> String {
        switch Int32(cell.type) {
        case FREEXL_CELL_INT: return String(cell.value.int_value)
        case FREEXL_CELL_DOUBLE:
            let value = cell.value.double_value
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            return cell.value.text_value.map { String(cString: $0) } ?? ""
        default: return ""
        }
    }

    /// What to tell a person whose file FreeXL could not open.
    static func message(opening status: Int32) -> String {
        switch status {
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            return "the file is a Microsoft Office document but not an Excel 97-2003 workbook (a password-protected workbook, "
                + "a Word .doc or a PowerPoint .ppt?); remove any password and save the table as .xlsx or .csv"
        case FREEXL_INSUFFICIENT_MEMORY:
            return "the Excel 97-2003 workbook (.xls) is too large to read; save it as .xlsx or .csv"
        default:
            return "the file is an Excel 97-2003 workbook (.xls) that cannot be read (FreeXL error \(status): it may be damaged "
                + "or protected by a password); open it in Excel or LibreOffice and save it as .xlsx"
        }
    }
}
