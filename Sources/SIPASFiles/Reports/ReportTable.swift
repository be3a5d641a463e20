import Foundation
import SIPASCore

/// One table of a report for spreadsheets and CSV: a header row and typed rows.
public struct ReportTable: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[XLSXCell]]
    public var widths: [Double]
}
