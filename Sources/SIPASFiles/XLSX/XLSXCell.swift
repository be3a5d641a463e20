/// One cell to write.
public enum XLSXCell: Sendable, Equatable {
    /// Text, written as an inline string. Characters that XML 1.0 forbids are removed.
    case text(String)
    /// A number shown with the given format. NaN and infinities are written as the error `#NUM!`.
    case number(Double, format: XLSXNumberFormat = .general)
    /// Nothing: the cell is left out of the file.
    case empty
}
