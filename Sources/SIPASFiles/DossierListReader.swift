import Foundation
import SIPASCore

/// One dossier of a one-stop system's export: its number, its unit (a code or an exact name)
/// and the days it was received and returned (none yet while it is being handled).
public struct DossierRow: Sendable, Equatable {
    public var line: Int
    public var number: String
    public var unit: String
    public var received: CalendarDate
    public var returned: CalendarDate?

    public init(line: Int, number: String, unit: String, received: CalendarDate, returned: CalendarDate?) {
        self.line = line
        self.number = number
        self.unit = unit
        self.received = received
        self.returned = returned
    }
}

/// Reads the list of dossiers a one-stop system exports (CSV, XLSX or XLS, through
/// `TableReader`): a header naming the four columns in English or Vietnamese, with or without
/// diacritics (`dossier,unit,received,returned`; `Số hồ sơ, Đơn vị, Ngày tiếp nhận, Ngày trả
/// kết quả`), then one dossier per row. Dates are YYYY-MM-DD or DD/MM/YYYY, with a time of
/// day or without, or a spreadsheet's serial day. Every problem is collected; none is written.
public enum DossierListReader {
    /// The columns, each with the header names accepted for it (compared folded: lowercase,
    /// without diacritics, spaces and punctuation as `_`).
    static let columns: [(name: String, aliases: Set<String>)] = [
        ("dossier", ["dossier", "number", "dossier_number", "dossier_no", "so_ho_so", "ma_ho_so", "so_hs", "ma_hs"]),
        ("unit", ["unit", "unit_code", "don_vi", "ma_don_vi", "co_quan", "don_vi_tiep_nhan"]),
        ("received", ["received", "date_received", "received_on", "ngay_tiep_nhan", "ngay_nhan", "ngay_nhan_ho_so"]),
        ("returned", ["returned", "date_returned", "returned_on", "ngay_tra_ket_qua", "ngay_tra", "ngay_tra_kq"]),
    ]

    /// The longest dossier number taken (the national format is about 30 characters).
    public static let numberLimit = 64

    public static func read(contentsOf url: URL) throws -> [DossierRow] {
        var table = try TableReader(url: url)
        defer { table.close() }
        guard let header = try table.next() else {
            throw FileProblems([
                FileProblem(
                    file: url.path, line: 1,
                    message: "the file is empty; expected a header with the columns dossier, unit, received, returned")
            ])
        }
        var index: [String: Int] = [:]
        for (position, cell) in header.cells.enumerated() {
            let folded = fold(cell)
            if let column = columns.first(where: { $0.aliases.contains(folded) }), index[column.name] == nil {
                index[column.name] = position
            }
        }
        let missing = columns.map(\.name).filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw FileProblems([
                FileProblem(
                    file: url.path, line: header.line,
                    message:
                        "the header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); expected dossier, unit, received, returned (or Số hồ sơ, Đơn vị, Ngày tiếp nhận, Ngày trả kết quả), found \(header.cells.joined(separator: ", "))"
                )
            ])
        }
        var rows: [DossierRow] = []
        var problems: [FileProblem] = []
        var seen: [String: Int] = [:]
        while let row = try table.next() {
            func cell(_ name: String) -> String {
                let i = index[name]!
                return i < row.cells.count ? row.cells[i] : ""
            }
            func fail(_ name: String, _ message: String) {
                problems.append(
                    FileProblem(file: url.path, line: row.line, column: table.columnLabel(index[name]!, name: name), message: message))
            }
            let number = cell("dossier")
            let unit = cell("unit")
            var ok = true
            if number.isEmpty {
                fail("dossier", "the dossier number is empty; expected the number printed on the receipt")
                ok = false
            } else if number.count > numberLimit || number.contains(where: \.isNewline) {
                fail("dossier", "\"\(number.prefix(80))\" is no dossier number; expected one line of at most \(numberLimit) characters")
                ok = false
            }
            if unit.isEmpty {
                fail("unit", "the unit is empty; expected the code (e.g. 18073) or the exact name of the unit that handled the dossier")
                ok = false
            }
            let received = date(cell("received"))
            if received == nil {
                fail(
                    "received", "\"\(cell("received"))\" is not a date; expected the day the dossier was received, YYYY-MM-DD or DD/MM/YYYY"
                )
                ok = false
            }
            let returnedText = cell("returned")
            let returned = returnedText.isEmpty ? nil : date(returnedText)
            if !returnedText.isEmpty && returned == nil {
                fail(
                    "returned",
                    "\"\(returnedText)\" is not a date; expected the day the result was returned, YYYY-MM-DD or DD/MM/YYYY (empty while the dossier is being handled)"
                )
                ok = false
            }
            if let received, let returned, returned < received {
                fail("returned", "returned on \(returned), before it was received (\(received)); expected a day on or after it")
                ok = false
            }
            let key = unit + "\u{0}" + number
            if ok, let first = seen[key] {
                fail("dossier", "dossier \(number) of \(unit) is listed twice (first on row \(first)); expected each dossier once")
                ok = false
            }
            guard ok, let received else { continue }
            seen[key] = row.line
            rows.append(DossierRow(line: row.line, number: number, unit: unit, received: received, returned: returned))
        }
        if !problems.isEmpty { throw FileProblems(problems) }
        return rows
    }

    /// A header cell folded for comparison: lowercase, without diacritics (đ as d), runs of
    /// anything but letters and digits as one `_`.
    static func fold(_ text: String) -> String {
        let plain = text.lowercased().replacingOccurrences(of: "đ", with: "d").folding(options: .diacriticInsensitive, locale: nil)
        var out = ""
        for scalar in plain.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty && !out.hasSuffix("_") {
                out += "_"
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// A day as one-stop exports write it: `2026-11-05`, `05/11/2026`, `5/11/2026`, either
    /// followed by a time of day, or a spreadsheet's serial day (1 = 1900-01-01, for cells
    /// formatted as dates, which are stored as numbers).
    public static func date(_ text: String) -> CalendarDate? {
        let day = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first.map(String.init) ?? ""
        if let iso = CalendarDate(day) { return iso }
        let parts = day.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        {
            return CalendarDate(year: y, month: m, day: d)
        }
        // Serial days of 2000-01-01 … 2099-12-31 only: a small number is no day.
        if let serial = Double(text), serial == serial.rounded(), (36526...73050).contains(serial) {
            // Excel's day 60 is the 29 February 1900 that never was: serial 25569 = 1970-01-01.
            let date = Date(timeIntervalSince1970: (serial - 25569) * 86400)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return CalendarDate(year: c.year!, month: c.month!, day: c.day!)
        }
        return nil
    }
}
