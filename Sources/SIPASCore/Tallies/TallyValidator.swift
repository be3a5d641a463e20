import Foundation

/// Checks the counts of a tally file against the survey, the units and the calendar, and
/// lists every problem (file, row, column, what was found, what was expected).
public struct TallyValidator: Sendable {
    public let survey: Survey
    public let units: UnitDirectory
    public let today: CalendarDate
    public let file: String

    public init(survey: Survey, units: UnitDirectory, today: CalendarDate, file: String) {
        self.survey = survey
        self.units = units
        self.today = today
        self.file = file
    }

    public func validate(_ entries: [TallyEntry]) -> Result<ValidTally, FileProblems> {
        var problems: [FileProblem] = []
        func fail(_ at: CellLocation, _ message: String) {
            problems.append(FileProblem(file: file, line: at.line, column: at.column, message: message))
        }
        if entries.isEmpty {
            return .failure(
                FileProblems([
                    FileProblem(
                        file: file, line: nil,
                        message:
                            "the file has no counts; expected a tally (the template of `sipas template tallies`, or the columns unit,period,item,option,count)"
                    )
                ]))
        }
        let items = Dictionary(survey.allItems.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // The options each item accepts, worked out once rather than per count.
        let allowedOptions = items.mapValues { item in
            (
                list: item.optionCodes + (item.kind == .satisfaction ? [] : [SatisfactionScale.noAnswer]),
                set: Set(item.optionCodes + (item.kind == .satisfaction ? [] : [SatisfactionScale.noAnswer]))
            )
        }
        var periodCache: [String: Period?] = [:]
        var unitCache: [UnitKey: UnitDirectory.Resolution] = [:]
        var seen: [CountKey: Int] = [:]
        var table = CountTable()
        var questionnaires: [UploadScope: Int] = [:]

        for entry in entries {
            // Period.
            let periodText = entry.period.trimmingWhitespace
            let period: Period?
            if let cached = periodCache[periodText] {
                period = cached
            } else {
                var parsed = Period(periodText)
                if let p = parsed, p.kind == .year { parsed = nil }
                periodCache[periodText] = parsed
                period = parsed
                if parsed == nil {
                    fail(
                        entry.periodAt,
                        "\"\(periodText)\" is not a period; expected a month YYYY-MM (e.g. 2021-03) or a quarter YYYY-Qn (e.g. 2021-Q1)")
                } else if let p = parsed, p.firstDay > today {
                    fail(entry.periodAt, "period \(p) is in the future (today is \(today)); expected a period that has started")
                }
            }
            guard let period, period.firstDay <= today else { continue }

            // Unit.
            let unitKey = UnitKey(text: entry.unit, period: period)
            let resolution = unitCache[unitKey] ?? units.resolve(entry.unit, during: period)
            if unitCache[unitKey] == nil {
                unitCache[unitKey] = resolution
                if let message = UnitDirectory.explain(resolution, text: entry.unit, when: "during \(period)") {
                    fail(entry.unitAt, message)
                }
            }
            guard case .found(let unit) = resolution else { continue }

            // Item and option.
            let itemCode = entry.item.trimmingWhitespace
            let optionCode = entry.option.trimmingWhitespace
            if itemCode == TallyEntry.questionnairesItem {
                if !optionCode.isEmpty {
                    fail(entry.optionAt, "the number of questionnaires has no option; found \"\(optionCode)\", expected an empty option")
                    continue
                }
            } else if let allowed = allowedOptions[itemCode] {
                if !allowed.set.contains(optionCode) {
                    fail(
                        entry.optionAt,
                        "\"\(optionCode)\" is not an option of item \(itemCode); expected one of: \(allowed.list.joined(separator: ", "))")
                    continue
                }
            } else {
                fail(
                    entry.itemAt,
                    "\"\(itemCode)\" is not an item of survey \(survey.code) v\(survey.version); expected an item code such as \(survey.criteria.first?.code ?? "1.1") or \"questionnaires\""
                )
                continue
            }

            // Count.
            guard let count = Self.parseCount(entry.count, at: entry.countAt, fail: fail) else { continue }

            let key = CountKey(unitID: unit.id, period: period, item: itemCode, option: optionCode)
            if let earlier = seen[key] {
                fail(
                    entry.countAt,
                    "\(unit.unit.code) \(period) item \(itemCode)\(optionCode.isEmpty ? "" : " option \(optionCode)") is already counted on row \(earlier); expected each count once"
                )
                continue
            }
            seen[key] = entry.countAt.line
            if itemCode == TallyEntry.questionnairesItem {
                questionnaires[UploadScope(unitID: unit.id, period: period)] = count
            }
            table.add(key, count)
        }

        // Every unit and period says how many questionnaires it counted, and no item counts
        // more answers than that.
        var itemSums: [CountKey: (sum: Int, maxOption: Int, line: Int, column: String)] = [:]
        for (key, count) in table.counts where key.item != TallyEntry.questionnairesItem {
            let itemKey = CountKey(unitID: key.unitID, period: key.period, item: key.item, option: "")
            var entry = itemSums[itemKey] ?? (0, 0, Int.max, "")
            entry.sum += count
            entry.maxOption = max(entry.maxOption, count)
            let line = seen[key] ?? 0
            if line < entry.line { entry.line = line }
            itemSums[itemKey] = entry
        }
        let scopesWithCounts = Set(table.counts.keys.map { UploadScope(unitID: $0.unitID, period: $0.period) })
        let firstLine = Dictionary(
            seen.map { (UploadScope(unitID: $0.key.unitID, period: $0.key.period), $0.value) }, uniquingKeysWith: min)
        for scope in scopesWithCounts.sorted() where questionnaires[scope] == nil {
            problems.append(
                FileProblem(
                    file: file, line: firstLine[scope], column: "questionnaires",
                    message:
                        "the number of questionnaires is missing for \(units.describe(scope.unitID)) \(scope.period); expected a row with item \"questionnaires\" and an empty option"
                ))
        }
        for (key, value) in itemSums.sorted(by: { $0.key < $1.key }) {
            guard let n = questionnaires[UploadScope(unitID: key.unitID, period: key.period)], let item = items[key.item] else { continue }
            let limit = item.kind == .multipleChoice ? n * (item.maxChoices ?? item.options.count) : n
            let exceeds = item.kind == .multipleChoice ? (value.maxOption > n || value.sum > limit) : value.sum > limit
            if exceeds {
                problems.append(
                    FileProblem(
                        file: file, line: value.line, column: key.item,
                        message:
                            "the counts of item \(key.item) add up to \(value.sum), more than the \(n) questionnaires of \(units.describe(key.unitID)) \(key.period)\(item.kind == .multipleChoice ? " allow" : ""); expected at most \(limit)"
                    ))
            }
        }
        guard problems.isEmpty else { return .failure(FileProblems(problems)) }
        return .success(ValidTally(counts: table, rowCount: entries.count))
    }

    struct UnitKey: Hashable {
        var text: String
        var period: Period
    }

    /// A count is a whole number ≥ 0. Spreadsheets may store it as "12" or "12.0".
    static func parseCount(_ text: String, at: CellLocation, fail: (CellLocation, String) -> Void) -> Int? {
        let t = text.trimmingWhitespace
        if t.isEmpty {
            fail(at, "the count is empty; expected a whole number (0 when nobody chose it)")
            return nil
        }
        if let n = Int(t) {
            if n < 0 { fail(at, "count \(t) is negative; expected a whole number 0 or more") }
            // The database keeps counts as 32-bit integers: say so here rather than fail there.
            if n > Int(Int32.max) { fail(at, "count \(t) is too large; expected a number of questionnaires") }
            return n < 0 || n > Int(Int32.max) ? nil : n
        }
        // Double(_:) also reads hexadecimal ("0x10" is 16), "inf", and stops at a NUL byte
        // ("1\0x" is 1): only decimal digits, a sign, a decimal point or comma and an exponent
        // may reach it.
        guard isDecimal(t) else {
            fail(at, "\"\(t)\" is not a number; expected a whole number of questionnaires such as 12")
            return nil
        }
        let normalized = t.replacingOccurrences(of: ",", with: ".")
        if let d = Double(normalized), d.isFinite {
            if d < 0 {
                fail(at, "count \(t) is negative; expected a whole number 0 or more")
            } else if d != d.rounded() {
                fail(at, "count \(t) is not a whole number; expected a number of questionnaires such as 12")
            } else if d > Double(Int32.max) {
                fail(at, "count \(t) is too large; expected a number of questionnaires")
            } else {
                return Int(d)
            }
            return nil
        }
        fail(at, "\"\(t)\" is not a number; expected a whole number of questionnaires such as 12")
        return nil
    }
}

/// True when `text` holds only what a decimal number is written with: digits, a sign, a
/// decimal point or comma, an exponent (`Double(_:)` would also take "0x1A", "nan" or text
/// after a NUL byte).
func isDecimal(_ text: String) -> Bool {
    !text.isEmpty
        && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
}

extension UnitDirectory {
    /// "18073 Phường Nam Hà" for messages.
    public func describe(_ unitID: Int) -> String {
        guard let version = version(id: unitID) else { return "unit #\(unitID)" }
        return "\(version.unit.code) \(version.unit.name)"
    }
}
