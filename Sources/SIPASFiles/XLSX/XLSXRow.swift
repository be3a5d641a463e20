/// One row of a worksheet: its 1-based row number in the sheet and its cells by column (A = index 0).
///
/// Missing cells are `""`, and trailing empty cells are dropped, so `cells.count` is the column
/// index of the last non-empty cell plus one. Numbers come as their shortest decimal text
/// (`"12"`, `"0.5"`, not `"12.0"`; exponent form only beyond 10^21 or below 10^-6, as in
/// `"1e+21"`); booleans as `"TRUE"`/`"FALSE"`; errors as their code (`"#N/A"`); shared and
/// inline strings as text, NFC-normalised. Numbers stored as text stay text as written.
public struct XLSXRow: Sendable, Equatable {
    /// The 1-based row number shown in the spreadsheet's margin.
    public var number: Int
    /// Cell texts by column: index 0 is column A.
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}
