import Foundation

/// Checks questionnaire rows one by one, collecting every problem and adding the valid ones
/// to a count table. Used while streaming a file: nothing is held but the counts.
public struct QuestionnaireValidator: Sendable, CountCollection {
    public let survey: Survey
    public let units: UnitDirectory
    public let today: CalendarDate
    public let file: String
    /// When given, every date must lie in it.
    public let period: Period?
    public let codec: AnswerCodec

    public private(set) var problems: [FileProblem] = []
    public private(set) var problemCount = 0
    public private(set) var rowCount = 0

    /// The counts, one dense row of slots per unit version, month and channel: slot 0 counts
    /// questionnaires, each (item, option) an answer can count towards has a slot of its own.
    /// A million questionnaires over a province's units and a year fill a few MB this way,
    /// where a table keyed by (unit, period, item, option, channel) took hundreds.
    private(set) var dense: [DenseKey: [Int32]] = [:]
    /// Counts that fit no slot (none are expected; kept so that nothing is lost).
    private(set) var extra = CountTable()
    let slots: CountSlots

    struct DenseKey: Hashable, Sendable {
        var unitID: Int
        var monthIndex: Int
        var channel: Int
    }
    private var clientIDs: [String: Int] = [:]
    private let itemIndex: [String: Int]
    /// Shortcuts for the common answers of files (see ``AnswerPlan``).
    private let plan: AnswerPlan
    /// The item of each column of the file being read (see ``columnItems(_:)``).
    private var columnPlan: (columns: AnswerColumns, items: [Int])?
    /// Unit versions found so far, by unit code and month, then day.
    private var unitIDs: [UnitMonth: [Int]] = [:]
    /// Storage for the slots of one questionnaire, reused row after row.
    private var chosenSlots: [Int] = []

    /// Problems kept in full; beyond this they are only counted.
    public static let problemLimit = 1000
    /// The longest questionnaire id accepted, in UTF-8 bytes.
    public static let maxClientIDBytes = 200

    public init(survey: Survey, units: UnitDirectory, today: CalendarDate, file: String, period: Period? = nil) {
        self.survey = survey
        self.units = units
        self.today = today
        self.file = file
        self.period = period
        self.codec = AnswerCodec(survey: survey)
        self.slots = CountSlots(codec: codec)
        self.itemIndex = Dictionary(survey.allItems.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.plan = AnswerPlan(codec: codec, slots: slots)
    }

    private mutating func fail(_ line: Int, _ column: String, _ message: String) {
        problemCount += 1
        if problems.count < Self.problemLimit {
            problems.append(FileProblem(file: file, line: line, column: column, message: message))
        }
    }

    /// Checks the header: the fixed columns and one column per item code.
    public mutating func checkHeader(_ columns: [String], line: Int) {
        let known = Set(survey.allItems.map(\.code))
        for required in ["unit", "date", "channel"] where !columns.contains(required) {
            fail(line, required, "column \"\(required)\" is missing; expected the columns unit, date, channel and one column per item code")
        }
        var seen = Set<String>()
        for column in columns {
            if !seen.insert(column).inserted {
                fail(line, column, "column \"\(column)\" appears twice")
            } else if !known.contains(column) && !["unit", "date", "channel", "id"].contains(column) {
                fail(
                    line, column,
                    "\"\(column)\" is not an item of survey \(survey.code) v\(survey.version); expected an item code such as \(survey.criteria.first?.code ?? "1.1")"
                )
            }
        }
        for criterion in survey.criteria where !columns.contains(criterion.code) {
            fail(
                line, criterion.code,
                "the column of criterion \(criterion.code) is missing; expected one column per satisfaction criterion (empty cells for no answer)"
            )
        }
    }

    /// A row's date as `check` reads it (whitespace around it ignored); nil when it is no date.
    public static func date(_ text: String) -> CalendarDate? { CalendarDate(dateText(text)) }

    private static func dateText(_ text: String) -> String {
        AnswerPlan.isTrimmedASCII(text) ? text : text.trimmingWhitespace
    }

    /// Validates one row; returns the coded questionnaire, or nil after recording problems.
    public mutating func check(_ row: QuestionnaireRow) -> Questionnaire? {
        rowCount += 1
        let before = problemCount
        let dateText = Self.dateText(row.date)
        var date: CalendarDate? = CalendarDate(dateText)
        if date == nil {
            fail(row.line, "date", "\"\(dateText)\" is not a date; expected YYYY-MM-DD (e.g. 2021-03-15)")
        } else if let d = date, d > today {
            fail(row.line, "date", "date \(d) is in the future (today is \(today))")
            date = nil
        } else if let d = date, let period, !period.contains(d) {
            fail(row.line, "date", "date \(d) is outside the declared period \(period) (\(period.firstDay) to \(period.lastDay))")
            date = nil
        }
        var unitID: Int?
        if let date {
            unitID = resolveUnitID(row.unit, on: date, line: row.line)
        }
        let channel: Channel?
        if row.channel.isEmpty {
            channel = .paper
        } else if let exact = Channel(rawValue: row.channel) {
            // Already lowercase and trimmed.
            channel = exact
        } else {
            let channelText = row.channel.trimmingWhitespace.lowercased()
            channel = Channel(rawValue: channelText.isEmpty ? "paper" : channelText)
        }
        if channel == nil {
            fail(
                row.line, "channel",
                "\"\(row.channel)\" is not a channel; expected one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let clientID = row.clientID?.trimmingWhitespace
        if let id = clientID, !id.isEmpty {
            // The id is stored as text and indexed: PostgreSQL refuses NUL bytes in text and
            // index entries over about 2.7 KB, which would fail the whole import with a database
            // error that names no row.
            if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                fail(row.line, "id", "the id contains a control character (such as a NUL byte); expected printable text")
            } else if id.utf8.count > Self.maxClientIDBytes {
                fail(row.line, "id", "the id is \(id.utf8.count) bytes long; expected at most \(Self.maxClientIDBytes)")
            } else if let earlier = clientIDs[id] {
                fail(row.line, "id", "id \"\(id)\" is already used on row \(earlier); expected each questionnaire once")
            } else {
                clientIDs[id] = row.line
            }
        }

        var answers = [Int16](repeating: 0, count: codec.items.count)
        var profile: [String: String] = [:]
        if let answerCells = row.answerCells, let columnItems = columnItems(answerCells.columns) {
            // A file row: read each answer cell in place; only what the plan does not recognise
            // becomes a String for the general code.
            let cells = answerCells.cells
            cells.bytes.withUnsafeBufferPointer { bytes in
                for column in 0..<min(columnItems.count, cells.count) {
                    let index = columnItems[column]
                    let range = cells.range(column)
                    guard index >= 0, !range.isEmpty else { continue }
                    let cell = UnsafeBufferPointer(rebasing: bytes[range])
                    switch plan.read(cell, item: index) {
                    case .none:
                        continue
                    case .code(let code):
                        answers[index] = code
                    case .general:
                        // The code as the column has it, as the dictionary of answers keys it.
                        let code = answerCells.columns.codes[column] ?? codec.items[index].code
                        check(
                            answer: String(decoding: cell, as: UTF8.self), code: code, index: index, line: row.line,
                            answers: &answers, profile: &profile)
                    }
                }
            }
        } else {
            for (code, raw) in row.answers {
                guard let index = itemIndex[code] else { continue }
                check(answer: raw, code: code, index: index, line: row.line, answers: &answers, profile: &profile)
            }
        }
        guard problemCount == before, let unitID, let date, let channel else { return nil }

        let key = DenseKey(unitID: unitID, monthIndex: date.year * 12 + date.month - 1, channel: Self.channelIndex(channel))
        // The slots this questionnaire counts towards, in a buffer kept from row to row.
        var chosen: [Int] = []
        swap(&chosen, &chosenSlots)
        chosen.removeAll(keepingCapacity: true)
        chosen.reserveCapacity(plan.maxSlotsPerRow)
        chosen.append(0)
        for index in answers.indices {
            let code = answers[index]
            if plan.countsGenerally[index] {
                countGenerally(code, item: index, unitID: unitID, date: date, channel: channel, into: &chosen)
            } else if code != 0 && !plan.optionSlots[index].isEmpty {
                // Multiple choice: a slot per chosen option.
                let optionSlots = plan.optionSlots[index]
                for option in optionSlots.indices where code & (1 << option) != 0 {
                    chosen.append(optionSlots[option])
                }
            } else if code >= 0 && Int(code) < plan.codeSlots[index].count {
                let slot = plan.codeSlots[index][Int(code)]
                if slot != AnswerPlan.noSlot { chosen.append(slot) }
            } else {
                countGenerally(code, item: index, unitID: unitID, date: date, channel: channel, into: &chosen)
            }
        }
        let width = slots.count
        dense[key, default: [Int32](repeating: 0, count: width)].add(ones: chosen)
        swap(&chosen, &chosenSlots)
        return Questionnaire(
            unitID: unitID, date: date, channel: channel, clientID: clientID.flatMap { $0.isEmpty ? nil : $0 },
            answers: answers, profile: profile)
    }

    /// Checks one answer given as text, as written in the file: codes it into `answers` (or
    /// `profile`), or records the problem.
    private mutating func check(
        answer raw: String, code: String, index: Int, line: Int, answers: inout [Int16], profile: inout [String: String]
    ) {
        let item = codec.items[index]
        let text = raw.trimmingWhitespace
        if text.isEmpty || text.lowercased() == SatisfactionScale.noAnswer { return }
        switch item.kind {
        case .satisfaction:
            if let level = Self.wholeNumber(text), SatisfactionScale.levels.contains(level) {
                answers[index] = Int16(level)
            } else {
                fail(line, code, "answer \"\(text)\" is out of range; expected a level 1–5 or an empty cell for no answer")
            }
        case .yesNo, .singleChoice, .profile:
            if item.kind == .profile && item.options.isEmpty {
                // Stored in jsonb, which refuses "\u0000".
                if text.unicodeScalars.contains("\u{0}") {
                    fail(line, code, "the answer contains a NUL byte; expected printable text")
                    return
                }
                profile[code] = text
            } else if let i = Self.optionIndex(text, in: item) {
                answers[index] = Int16(i + 1)
            } else {
                fail(
                    line, code,
                    "\"\(text)\" is not an option of \(code); expected one of: \(item.options.map(\.code).joined(separator: ", "))")
            }
        case .multipleChoice:
            var mask: Int16 = 0
            var chosen = 0
            for part in text.split(whereSeparator: { $0 == "|" || $0 == ";" || $0 == "," || $0 == " " }) {
                if let i = Self.optionIndex(String(part), in: item) {
                    if mask & (1 << i) == 0 { chosen += 1 }
                    mask |= 1 << i
                } else {
                    fail(
                        line, code,
                        "\"\(part)\" is not an option of \(code); expected option codes separated by | from: \(item.options.map(\.code).joined(separator: ", "))"
                    )
                }
            }
            if let max = item.maxChoices, chosen > max {
                fail(line, code, "\(chosen) options chosen; item \(code) allows at most \(max)")
            }
            answers[index] = mask
        }
    }

    /// Adds the slots an answer counts towards the general way: by the options
    /// `AnswerCodec.options(of:item:)` names; an option without a slot goes to `extra`.
    private mutating func countGenerally(
        _ code: Int16, item index: Int, unitID: Int, date: CalendarDate, channel: Channel, into chosen: inout [Int]
    ) {
        let item = codec.items[index]
        for option in codec.options(of: code, item: item) {
            if let slot = slots.slot(item: index, option: option) {
                chosen.append(slot)
            } else {
                extra.add(CountKey(unitID: unitID, period: .month(of: date), item: item.code, option: option, channel: channel.rawValue))
            }
        }
    }

    /// The id of the unit version `text` names on `date`, or nil after recording the problem.
    /// Unit codes (ASCII digits) found are remembered by month and day, as a file repeats them.
    private mutating func resolveUnitID(_ text: String, on date: CalendarDate, line: Int) -> Int? {
        let key = UnitMonth(text, date)
        if let key, let days = unitIDs[key], days[date.day - 1] != UnitMonth.unknown { return days[date.day - 1] }
        let resolution = units.resolve(text, on: date)
        guard case .found(let unit) = resolution else {
            if let message = UnitDirectory.explain(resolution, text: text, when: "on \(date)") {
                fail(line, "unit", message)
            }
            return nil
        }
        if let key {
            // Bounded: a year of a province's units by month is far below this.
            if unitIDs.count >= 1 << 16 { unitIDs.removeAll(keepingCapacity: true) }
            unitIDs[key, default: UnitMonth.emptyMonth][date.day - 1] = unit.id
        }
        return unit.id
    }

    /// For each column of a file, the index of its item in `codec.items`, or -1; nil when an
    /// item code heads several columns (the answers are then read as a dictionary, the last
    /// non-empty cell winning, as before).
    private mutating func columnItems(_ columns: AnswerColumns) -> [Int]? {
        if let cached = columnPlan, cached.columns === columns { return cached.items }
        guard !columns.hasRepeatedCode else { return nil }
        let items = columns.codes.map { code in code.flatMap { itemIndex[$0] } ?? -1 }
        columnPlan = (columns, items)
        return items
    }

    private static let channels = Channel.allCases

    /// The position of a channel in `Channel.allCases`.
    private static func channelIndex(_ channel: Channel) -> Int {
        channels.firstIndex(of: channel)!
    }

    /// Every count, as (key, count) pairs made while they are read: the aggregate of the
    /// questionnaires checked so far.
    public func countSequence() -> AnySequence<(key: CountKey, count: Int)> {
        let slots = self.slots
        let channels = Channel.allCases
        let fromDense = dense.lazy.flatMap { key, row in
            let period = Period.month(key.monthIndex / 12, key.monthIndex % 12 + 1)
            let channel = channels[key.channel].rawValue
            return row.indices.lazy.filter { row[$0] > 0 }.map { slot in
                (
                    key: CountKey(
                        unitID: key.unitID, period: period, item: slots.items[slot], option: slots.options[slot], channel: channel),
                    count: Int(row[slot])
                )
            }
        }
        return AnySequence([AnySequence(fromDense), extra.countSequence()].joined())
    }

    /// The counts as a table (for a few questionnaires, e.g. one submission).
    public var counts: CountTable {
        var table = CountTable()
        for (key, n) in countSequence() { table.add(key, n) }
        return table
    }

    /// The units and months the questionnaires checked so far cover.
    public var scopes: Set<UploadScope> {
        var result = Set(dense.keys.map { UploadScope(unitID: $0.unitID, period: .month($0.monthIndex / 12, $0.monthIndex % 12 + 1)) })
        result.formUnion(extra.scopes)
        return result
    }

    /// The number of valid questionnaires checked so far.
    public var questionnaireCount: Int { dense.values.reduce(0) { $0 + Int($1[0]) } }

    static func wholeNumber(_ text: String) -> Int? {
        if let n = Int(text) { return n }
        // Not "0x4" (hexadecimal) nor "4\0…" (Double(_:) stops at a NUL byte).
        guard isDecimal(text) else { return nil }
        if let d = Double(text), d == d.rounded(), abs(d) < 1e6 { return Int(d) }
        return nil
    }

    /// An option by its code, or by its Vietnamese or English label (case-insensitive);
    /// yes/no also as có/không, 1/0.
    static func optionIndex(_ text: String, in item: SurveyItem) -> Int? {
        if let i = item.options.firstIndex(where: { $0.code == text }) { return i }
        let lower = text.lowercased()
        if let i = item.options.firstIndex(where: {
            $0.code.lowercased() == lower || $0.label.vi.lowercased() == lower || $0.label.en.lowercased() == lower
        }) {
            return i
        }
        if item.kind == .yesNo {
            let yes = ["có", "co", "1", "x", "true"]
            let no = ["không", "khong", "0", "false"]
            if yes.contains(lower) { return item.options.firstIndex { $0.code == "yes" } }
            if no.contains(lower) { return item.options.firstIndex { $0.code == "no" } }
        }
        return nil
    }
}
