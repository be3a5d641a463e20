/// The cells of one row of a file as UTF-8 text, stored back to back in one buffer.
///
/// File readers hand rows over in this form so that a million rows do not cost tens of millions
/// of `String`s: a cell becomes a `String` only where one is needed (a message, an unusual
/// answer). A reader can keep one value and refill it row after row; its storage is reused as
/// long as nobody else holds on to it (otherwise copy-on-write keeps the old rows intact).
public struct RowCells: Sendable, Equatable {
    /// The cells' UTF-8 bytes, one cell after the other.
    public private(set) var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`: cell `i` is `bytes[start(i)..<ends[i]]`.
    public private(set) var ends: [Int] = []

    public init() {}

    /// Cells holding these strings (their UTF-8 bytes, as they are).
    public init(_ cells: [String]) {
        for cell in cells { append(cell) }
    }

    /// The number of cells.
    public var count: Int { ends.count }

    /// The byte range of cell `index` in ``bytes``.
    @inline(__always)
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// True when cell `index` is empty.
    public func isEmpty(_ index: Int) -> Bool { range(index).isEmpty }

    /// The text of cell `index`.
    public func string(_ index: Int) -> String {
        let range = range(index)
        if range.isEmpty { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Every cell as a `String`.
    public var strings: [String] { (0..<count).map(string) }

    /// Removes every cell, keeping the storage for the next row.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Adds a cell with the text of `string`.
    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        ends.append(bytes.count)
    }

    /// Adds a cell with these bytes (valid UTF-8).
    public mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: cell)
        ends.append(bytes.count)
    }

    /// Adds bytes to the cell being built, which ``endCell()`` closes.
    public mutating func appendToCell(_ part: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: part)
    }

    /// Adds one byte to the cell being built, which ``endCell()`` closes.
    public mutating func appendToCell(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Adds the text of `string` to the cell being built, which ``endCell()`` closes.
    public mutating func appendToCell(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// Closes the cell being built: the bytes added since the last cell form the next cell.
    public mutating func endCell() {
        ends.append(bytes.count)
    }

    /// Drops the bytes added to the cell being built since the last cell was closed.
    public mutating func discardOpenCell() {
        bytes.removeSubrange((ends.last ?? 0)...)
    }

    /// Reserves room for `byteCount` more bytes and `cellCount` more cells.
    public mutating func reserveCapacity(bytes byteCount: Int, cells cellCount: Int) {
        bytes.reserveCapacity(bytes.count + byteCount)
        ends.reserveCapacity(ends.count + cellCount)
    }
}
