/// The cells of one row of a file as UTF-8 text, stored back to back in one buffer.
///
/// File readers hand rows over in this form so that a million rows do not cost tens of millions
/// of `String`s: a cell becomes a `String` only where one is needed (a message, an unusual
/// answer). A reader can keep one value and refill it row after row; its storage is reused as
/// long as nobody else holds on to it (otherwise copy-on-write keeps the old rows intact).
public struct RowCells: Sendable, Equatable {
    // Inlinable, with storage visible to inlined code: readers in other modules touch every
    // cell of every row.
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var cellEnds: [Int] = []

    /// The cells' UTF-8 bytes, one cell after the other.
    @inlinable public var bytes: [UInt8] { storage }
    /// Where each cell ends in `bytes`: cell `i` is `bytes[range(i)]`, ending at `ends[i]`.
    @inlinable public var ends: [Int] { cellEnds }

    public init() {}

    /// Cells holding these strings (their UTF-8 bytes, as they are).
    public init(_ cells: [String]) {
        for cell in cells { append(cell) }
    }

    /// The number of cells.
    @inlinable public var count: Int { cellEnds.count }

    /// The byte range of cell `index` in ``bytes``.
    @inlinable
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : cellEnds[index - 1])..<cellEnds[index]
    }

    /// True when cell `index` is empty.
    @inlinable public func isEmpty(_ index: Int) -> Bool { range(index).isEmpty }

    /// The text of cell `index`.
    public func string(_ index: Int) -> String {
        let range = range(index)
        if range.isEmpty { return "" }
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Every cell as a `String`.
    public var strings: [String] { (0..<count).map(string) }

    /// Removes every cell, keeping the storage for the next row.
    @inlinable
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        cellEnds.removeAll(keepingCapacity: true)
    }

    /// Adds a cell with the text of `string`.
    public mutating func append(_ string: String) {
        storage.append(contentsOf: string.utf8)
        cellEnds.append(storage.count)
    }

    /// Adds a cell with these bytes (valid UTF-8).
    @inlinable
    public mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
        storage.append(contentsOf: cell)
        cellEnds.append(storage.count)
    }
}
