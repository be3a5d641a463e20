import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Rows read and rows per second on stderr, only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var shown = false

    func update(rows: Int, fraction: Double) {
        guard enabled else { return }
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let width = 30
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = "\r\(bar) \(Int(fraction * 100))%  \(rows) dòng  \(Int(Double(rows) / seconds)) dòng/giây "
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    /// Pages of scans: pages read of all, pages per second, pages waiting for review.
    func update(pages: Int, of total: Int, review: Int) {
        guard enabled else { return }
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let width = 30
        let fraction = total > 0 ? Double(pages) / Double(total) : 1
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let rate = String(format: "%.1f", Double(pages) / seconds)
        let line = "\r\(bar) \(pages)/\(total) trang  \(rate) trang/giây  \(review) chờ xem lại "
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
