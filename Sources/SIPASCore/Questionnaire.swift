import Foundation

/// The channels through which a questionnaire arrives.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case paper, kiosk, web, phone, post
}

/// One questionnaire row of a file as written, before validation.
public struct QuestionnaireRow: Sendable {
    public var line: Int
    public var unit: String
    public var date: String
    public var channel: String
    /// The client's own id for this questionnaire (kiosks, portals): a retry never counts twice.
    public var clientID: String?
    /// Answers by item code, as text ("" = no answer).
    public var answers: [String: String]

    public init(line: Int, unit: String, date: String, channel: String, clientID: String? = nil, answers: [String: String]) {
        self.line = line
        self.unit = unit
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.answers = answers
    }
}

/// Something that yields questionnaire rows one at a time (a CSV or XLSX file being read).
public protocol QuestionnaireSource {
    mutating func next() throws -> QuestionnaireRow?
}

/// A questionnaire that passed validation, ready to store: its answers coded in the order
/// of `Survey.allItems` (see `AnswerCodec`).
public struct Questionnaire: Sendable, Equatable {
    public var unitID: Int
    public var date: CalendarDate
    public var channel: Channel
    public var clientID: String?
    public var answers: [Int16]
    /// Free-text profile answers (profile items without options).
    public var profile: [String: String]

    public init(unitID: Int, date: CalendarDate, channel: Channel, clientID: String?, answers: [Int16], profile: [String: String]) {
        self.unitID = unitID
        self.date = date
        self.channel = channel
        self.clientID = clientID
        self.answers = answers
        self.profile = profile
    }
}

/// Codes answers compactly: 0 = no answer; a satisfaction level as itself (1…5); a chosen
/// option as its position + 1; several chosen options as a bit mask (bit i = option i).
public struct AnswerCodec: Sendable {
    public let items: [SurveyItem]

    public init(survey: Survey) {
        items = survey.allItems
    }

    /// The options an answer counts towards ("na" when there is none), for the aggregate.
    public func options(of code: Int16, item: SurveyItem) -> [String] {
        if code == 0 { return item.kind == .profile && item.options.isEmpty ? [] : [SatisfactionScale.noAnswer] }
        switch item.kind {
        case .satisfaction:
            return [String(code)]
        case .multipleChoice:
            return item.options.indices.filter { code & (1 << $0) != 0 }.map { item.options[$0].code }
        case .yesNo, .singleChoice, .profile:
            let i = Int(code) - 1
            return item.options.indices.contains(i) ? [item.options[i].code] : []
        }
    }
}

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
                fail(line, column, "\"\(column)\" is not an item of survey \(survey.code) v\(survey.version); expected an item code such as \(survey.criteria.first?.code ?? "1.1")")
            }
        }
        for criterion in survey.criteria where !columns.contains(criterion.code) {
            fail(line, criterion.code, "the column of criterion \(criterion.code) is missing; expected one column per satisfaction criterion (empty cells for no answer)")
        }
    }

    /// Validates one row; returns the coded questionnaire, or nil after recording problems.
    public mutating func check(_ row: QuestionnaireRow) -> Questionnaire? {
        rowCount += 1
        let before = problemCount
        let dateText = row.date.trimmingWhitespace
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
        var unit: UnitVersion?
        if let date {
            let resolution = units.resolve(row.unit, on: date)
            if let message = UnitDirectory.explain(resolution, text: row.unit, when: "on \(date)") {
                fail(row.line, "unit", message)
            } else if case let .found(u) = resolution {
                unit = u
            }
        }
        let channelText = row.channel.trimmingWhitespace.lowercased()
        let channel = Channel(rawValue: channelText.isEmpty ? "paper" : channelText)
        if channel == nil {
            fail(row.line, "channel", "\"\(row.channel)\" is not a channel; expected one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let id = row.clientID?.trimmingWhitespace, !id.isEmpty {
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
        for (code, raw) in row.answers {
            guard let index = itemIndex[code] else { continue }
            let item = codec.items[index]
            let text = raw.trimmingWhitespace
            if text.isEmpty || text.lowercased() == SatisfactionScale.noAnswer { continue }
            switch item.kind {
            case .satisfaction:
                if let level = Self.wholeNumber(text), SatisfactionScale.levels.contains(level) {
                    answers[index] = Int16(level)
                } else {
                    fail(row.line, code, "answer \"\(text)\" is out of range; expected a level 1–5 or an empty cell for no answer")
                }
            case .yesNo, .singleChoice, .profile:
                if item.kind == .profile && item.options.isEmpty {
                    // Stored in jsonb, which refuses "\u0000".
                    if text.unicodeScalars.contains("\u{0}") {
                        fail(row.line, code, "the answer contains a NUL byte; expected printable text")
                        continue
                    }
                    profile[code] = text
                } else if let i = Self.optionIndex(text, in: item) {
                    answers[index] = Int16(i + 1)
                } else {
                    fail(row.line, code, "\"\(text)\" is not an option of \(code); expected one of: \(item.options.map(\.code).joined(separator: ", "))")
                }
            case .multipleChoice:
                var mask: Int16 = 0
                var chosen = 0
                for part in text.split(whereSeparator: { $0 == "|" || $0 == ";" || $0 == "," || $0 == " " }) {
                    if let i = Self.optionIndex(String(part), in: item) {
                        if mask & (1 << i) == 0 { chosen += 1 }
                        mask |= 1 << i
                    } else {
                        fail(row.line, code, "\"\(part)\" is not an option of \(code); expected option codes separated by | from: \(item.options.map(\.code).joined(separator: ", "))")
                    }
                }
                if let max = item.maxChoices, chosen > max {
                    fail(row.line, code, "\(chosen) options chosen; item \(code) allows at most \(max)")
                }
                answers[index] = mask
            }
        }
        guard problemCount == before, let unit, let date, let channel else { return nil }

        let key = DenseKey(unitID: unit.id, monthIndex: date.year * 12 + date.month - 1, channel: Channel.allCases.firstIndex(of: channel)!)
        var chosen: [Int] = [0]
        chosen.reserveCapacity(codec.items.count + 1)
        for (index, item) in codec.items.enumerated() {
            for option in codec.options(of: answers[index], item: item) {
                if let slot = slots.slot(item: index, option: option) {
                    chosen.append(slot)
                } else {
                    extra.add(CountKey(unitID: unit.id, period: .month(of: date), item: item.code, option: option, channel: channel.rawValue))
                }
            }
        }
        let width = slots.count
        dense[key, default: [Int32](repeating: 0, count: width)].add(ones: chosen)
        return Questionnaire(unitID: unit.id, date: date, channel: channel, clientID: row.clientID.flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0.trimmingWhitespace },
                             answers: answers, profile: profile)
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
                (key: CountKey(unitID: key.unitID, period: period, item: slots.items[slot], option: slots.options[slot], channel: channel), count: Int(row[slot]))
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
        if let i = item.options.firstIndex(where: { $0.code.lowercased() == lower || $0.label.vi.lowercased() == lower || $0.label.en.lowercased() == lower }) {
            return i
        }
        if item.kind == .yesNo {
            let yes = ["có", "co", "1", "x", "true"], no = ["không", "khong", "0", "false"]
            if yes.contains(lower) { return item.options.firstIndex { $0.code == "yes" } }
            if no.contains(lower) { return item.options.firstIndex { $0.code == "no" } }
        }
        return nil
    }
}

/// The slots of a dense count row: slot 0 is the number of questionnaires; then, item by item,
/// every option an answer to it can count towards ("na" first, as `AnswerCodec.options` says).
struct CountSlots: Sendable {
    var items: [String] = [TallyEntry.questionnairesItem]
    var options: [String] = [""]
    private var index: [[String: Int]] = []

    init(codec: AnswerCodec) {
        for item in codec.items {
            var byOption: [String: Int] = [:]
            var possible: [String] = []
            if !(item.kind == .profile && item.options.isEmpty) { possible.append(SatisfactionScale.noAnswer) }
            switch item.kind {
            case .satisfaction: possible += SatisfactionScale.levels.map(String.init)
            default: possible += item.options.map(\.code)
            }
            for option in possible where byOption[option] == nil {
                byOption[option] = items.count
                items.append(item.code)
                options.append(option)
            }
            index.append(byOption)
        }
    }

    var count: Int { items.count }

    func slot(item: Int, option: String) -> Int? { index[item][option] }
}

extension Array where Element == Int32 {
    mutating func add(ones slots: [Int]) {
        for slot in slots { self[slot] += 1 }
    }
}
