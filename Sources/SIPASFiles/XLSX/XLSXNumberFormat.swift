/// How a number cell is displayed by the spreadsheet program.
public enum XLSXNumberFormat: Sendable, Equatable, CaseIterable {
    /// Excel's "General": as many digits as needed.
    case general
    /// `0`: rounded to a whole number.
    case integer
    /// `0.00`: two decimals.
    case twoDecimals
    /// `0.00%`: the value times 100 with two decimals and a percent sign (0.125 shows as 12.50%).
    case percentTwoDecimals
    /// `yyyy-mm-dd`: the value is an Excel serial day (1 = 1900-01-01, 45292 = 2024-01-01).
    case date
}
