import Foundation
import SIPASCore

/// The tally sheet a clerk fills in by hand: a header block per unit (unit, period, number of
/// questionnaires), then one row per item with its Vietnamese label and one column per answer
/// option. `TallyFileReader` reads it back. Several units make a multi-unit sheet: one block
/// each, one below the other.
public struct TallyTemplate: Sendable {
    public var survey: Survey
    public var units: [AdminUnit]
    public var period: Period

    public init(survey: Survey, units: [AdminUnit], period: Period) {
        self.survey = survey
        self.units = units
        self.period = period
    }

    public enum Row: Sendable, Equatable {
        case title(String)
        case note(String)
        case key(String, value: String, label: String)
        case header([String])
        case labels([String])
        case item(code: String, label: String, blanks: Int)
        case blank
    }

    /// Items grouped in sections that share the same options.
    var sections: [(options: [String], labels: [String], items: [SurveyItem])] {
        var result: [(options: [String], labels: [String], items: [SurveyItem])] = []
        for item in survey.allItems where !(item.kind == .profile && item.options.isEmpty) {
            let options: [String]
            let labels: [String]
            if item.kind == .satisfaction {
                options = SatisfactionScale.optionCodes
                labels = options.map { SatisfactionScale.labels[$0]!.vi }
            } else {
                options = item.options.map(\.code) + [SatisfactionScale.noAnswer]
                labels = item.options.map(\.label.vi) + [SatisfactionScale.labels[SatisfactionScale.noAnswer]!.vi]
            }
            if let last = result.last, last.options == options {
                result[result.count - 1].items.append(item)
            } else {
                result.append((options, labels, [item]))
            }
        }
        return result
    }

    public var rows: [Row] {
        var rows: [Row] = [
            .title("PHIẾU TỔNG HỢP KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG (SIPAS) — \(period.label(.vi).uppercased())"),
            .note(
                "Ghi số phiếu chọn mỗi phương án; để trống nếu không có phiếu nào. Không sửa cột A (mã). Nhập bằng: sipas import tallies TỆP --survey \(survey.code)"
            ),
            .key(TallyFileReader.Key.survey.rawValue, value: survey.code, label: "\(survey.title.vi) (phiên bản \(survey.version))"),
        ]
        for unit in units {
            rows.append(.blank)
            rows.append(.key(TallyFileReader.Key.unit.rawValue, value: unit.code, label: unit.name))
            rows.append(.key(TallyFileReader.Key.period.rawValue, value: period.description, label: period.label(.vi)))
            rows.append(.key(TallyFileReader.Key.questionnaires.rawValue, value: "", label: "Tổng số phiếu thu về (hợp lệ)"))
            for section in sections {
                rows.append(.header([TallyFileReader.Key.item.rawValue, "Nội dung"] + section.options))
                rows.append(.labels(["", ""] + section.labels))
                for item in section.items {
                    rows.append(.item(code: item.code, label: item.text.vi, blanks: section.options.count))
                }
            }
        }
        return rows
    }

    /// The rows as plain cells.
    public var cells: [[String]] {
        rows.map { row in
            switch row {
            case .title(let t): return [t]
            case .note(let t): return ["", t]
            case .key(let k, let value, let label): return [k, value, label]
            case .header(let cells), .labels(let cells): return cells
            case .item(let code, let label, let blanks): return [code, label] + Array(repeating: "", count: blanks)
            case .blank: return []
            }
        }
    }

    /// CSV, UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly. A cell a
    /// spreadsheet would take for a formula (a label or name starting with =, +, -, @) gets a
    /// leading apostrophe, as in every CSV sipas writes.
    public func csv() -> Data {
        var text = "\u{FEFF}"
        for row in cells {
            text += row.map { TableReader.quote(TableExport.neutralised($0)) }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    public func writeXLSX(to url: URL) throws {
        var sheetRows: [[XLSXCell]] = []
        var bold = Set<Int>()
        for (i, row) in rows.enumerated() {
            switch row {
            case .title, .header: bold.insert(i)
            case .key: bold.insert(i)
            default: break
            }
            let cells: [XLSXCell]
            if case .key(let k, let value, let label) = row,
                k == TallyFileReader.Key.unit.rawValue || k == TallyFileReader.Key.period.rawValue
                    || k == TallyFileReader.Key.survey.rawValue
            {
                // Codes stay text so that "00001" keeps its zeros.
                cells = [.text(k), .text(value), .text(label)]
            } else {
                cells = self.cells[i].map { $0.isEmpty ? .empty : .text($0) }
            }
            sheetRows.append(cells)
        }
        let optionCount = sections.map(\.options.count).max() ?? 6
        let sheet = XLSXSheet(
            name: "Phiếu tổng hợp", rows: sheetRows,
            columnWidths: [16, 70] + Array(repeating: 12, count: optionCount), frozenRows: 0, boldRows: bold)
        try XLSXWriter.write([sheet], to: url)
    }
}
