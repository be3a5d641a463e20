/// Where a value was read: the line (row) of the file and the column's name.
public struct CellLocation: Sendable, Hashable {
    public var line: Int
    public var column: String

    public init(line: Int, column: String) {
        self.line = line
        self.column = column
    }
}
