/// One worksheet to write.
public struct XLSXSheet: Sendable {
    /// The tab name. The writer makes it valid: at most 31 characters, none of `[]:*?/\`,
    /// not empty, no leading or trailing apostrophe, and unique within the workbook.
    public var name: String
    /// The rows from the top (row 1); each row's cells from column A.
    public var rows: [[XLSXCell]]
    /// Column widths in characters, from column A; a missing, zero or negative entry keeps
    /// the default width.
    public var columnWidths: [Double]
    /// How many rows at the top stay visible while scrolling (1 = the header row is frozen).
    public var frozenRows: Int
    /// 0-based indices of rows shown in bold (headers).
    public var boldRows: Set<Int>

    public init(
        name: String,
        rows: [[XLSXCell]],
        columnWidths: [Double] = [],
        frozenRows: Int = 0,
        boldRows: Set<Int> = []
    ) {
        self.name = name
        self.rows = rows
        self.columnWidths = columnWidths
        self.frozenRows = frozenRows
        self.boldRows = boldRows
    }
}
