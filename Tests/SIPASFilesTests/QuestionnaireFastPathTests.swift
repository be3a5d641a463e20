import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

/// The fast path of questionnaire files (cells as bytes, answers read through `AnswerPlan`)
/// must give exactly what the general path (a dictionary of answer strings) gives.
@Suite struct QuestionnaireFastPathTests {
    static let survey = sipas2017Survey()

    static let units = UnitDirectory([
        UnitVersion(
            id: 1, unit: AdminUnit(code: "18073", parentCode: nil, level: .commune, type: "xã", name: "Xã Thạch Hà"),
            validFrom: CalendarDate(year: 2020, month: 1, day: 1)!, validTo: nil),
        UnitVersion(
            id: 2, unit: AdminUnit(code: "18074", parentCode: nil, level: .commune, type: "xã", name: "Xã Cũ"),
            validFrom: CalendarDate(year: 2020, month: 1, day: 1)!, validTo: CalendarDate(year: 2021, month: 6, day: 30)!),
        UnitVersion(
            id: 3, unit: AdminUnit(code: "18075", parentCode: nil, level: .commune, type: "xã", name: "Xã Cũ"),
            validFrom: CalendarDate(year: 2021, month: 7, day: 1)!, validTo: nil),
        UnitVersion(
            id: 4, unit: AdminUnit(code: "01", parentCode: nil, level: .province, type: "tỉnh", name: "Hà Nội"),
            validFrom: CalendarDate(year: 2020, month: 1, day: 1)!, validTo: nil),
    ])

    static func validator() -> QuestionnaireValidator {
        QuestionnaireValidator(survey: survey, units: units, today: CalendarDate(year: 2022, month: 1, day: 1)!, file: "f.csv")
    }

    /// Answer texts that the fast path reads itself or must leave to the general code.
    static let answerTexts = [
        "", "4", "5", "1", "0", "6", "9", " 4", "4 ", "\t4", "4\n", "04", "4.0", "+4", "-4", "4e0", "0x4", "٤", "５",
        "na", "NA", "Na", "nA", " na", "n a", "n/a", "nb",
        "yes", "no", "YES", "Yes", " yes", "yes ", "có", "Có", "co", "không", "x", "X", "true", "false", "1", "0",
        "male", "Male", "Nam", "nữ", "nư\u{303}", "individual", "organisation", "a26_35", "upper_secondary", "lao_dong_tbxh",
        "Đất đai", "đất đai", "other", "Khác",
        "online", "time|fees", "time;fees,online other", "time||fees", "|", "||", " | ", "time|time", "time,time;time",
        "attitude|competence|complaints|procedures", "attitude|competence|complaints", "bogus|time", "time|bogus",
        "Time|FEES", "time|Mở rộng dịch vụ công trực tuyến", "time\r\nfees", "time\u{A0}fees",
        "thời gian", "e\u{301}", "a\u{0}b", "\u{0}", "5\u{A0}", "\u{A0}5", "5\r\n", "\u{2003}5", "1.1", "na\u{301}",
    ]

    /// A row as a file reader makes it: the answer in the cells of `code`'s column.
    static func fileRow(line: Int, unit: String, date: String, channel: String, answers: [(String, String)]) -> QuestionnaireRow {
        let codes: [String?] = [nil, nil, nil] + answers.map(\.0)
        let cells = RowCells([unit, date, channel] + answers.map(\.1))
        return QuestionnaireRow(line: line, unit: unit, date: date, channel: channel, cells: cells, columns: AnswerColumns(codes: codes))
    }

    /// The same row as the web submission builds it: a dictionary without empty answers.
    static func dictionaryRow(line: Int, unit: String, date: String, channel: String, answers: [(String, String)]) -> QuestionnaireRow {
        var dictionary: [String: String] = [:]
        for (code, text) in answers where !text.isEmpty { dictionary[code] = text }
        return QuestionnaireRow(line: line, unit: unit, date: date, channel: channel, answers: dictionary)
    }

    /// Everything a validator yields, problems in a fixed order (within a row the general path
    /// follows the dictionary's order, which Swift varies from run to run).
    struct Outcome: Equatable {
        var questionnaires: [Questionnaire?] = []
        var problems: [FileProblem] = []
        var problemCount = 0
        var counts = CountTable()
        var scopes: Set<UploadScope> = []
        var questionnaireCount = 0

        init(_ validator: QuestionnaireValidator, _ questionnaires: [Questionnaire?]) {
            self.questionnaires = questionnaires
            problems = validator.problems.sorted {
                ($0.line ?? 0, $0.column ?? "", $0.message) < ($1.line ?? 0, $1.column ?? "", $1.message)
            }
            problemCount = validator.problemCount
            counts = validator.counts
            scopes = validator.scopes
            questionnaireCount = validator.questionnaireCount
        }
    }

    @Test func everyItemAndAnswerGivesWhatTheGeneralPathGives() {
        for item in Self.survey.allItems {
            for text in Self.answerTexts {
                var fast = Self.validator()
                var general = Self.validator()
                let answers = [(item.code, text)]
                let a = fast.check(Self.fileRow(line: 2, unit: "18073", date: "2021-03-15", channel: "paper", answers: answers))
                let b = general.check(Self.dictionaryRow(line: 2, unit: "18073", date: "2021-03-15", channel: "paper", answers: answers))
                #expect(Outcome(fast, [a]) == Outcome(general, [b]), "item \(item.code), answer \(text.debugDescription)")
            }
        }
    }

    @Test func fixedColumnsGiveWhatTheGeneralPathGives() {
        let units = [
            "18073", " 18073", "18073 ", "018073", "8073", "18074", "18075", "Xã Cũ", "xã thạch hà", "Xa\u{300} Thạch Hà",
            "99999", "", "1807３", "01", "1", "00000000000000000018073", "123456789012345678901",
        ]
        let dates = [
            "2021-03-15", "2021-07-15", " 2021-03-15", "2021-03-15\t", "2021-3-15", "2021-02-30", "2099-01-01",
            "２０２１-03-15", "2021-03-1５", "2021/03/15", "", "0000-01-01", "2021-03-15-", "20210-3-15",
        ]
        let channels = ["paper", "", " ", "Paper", " web", "KIOSK", "phone ", "post", "fax", "pa\u{301}per", "\u{A0}web"]
        var fast = Self.validator()
        var general = Self.validator()
        var fastResults: [Questionnaire?] = []
        var generalResults: [Questionnaire?] = []
        var line = 1
        for unit in units {
            for date in dates {
                for channel in channels {
                    line += 1
                    let answers = [("1.1", "5"), ("obs.late", "yes"), ("exp.improve", "time|fees"), ("gender", "female")]
                    fastResults.append(fast.check(Self.fileRow(line: line, unit: unit, date: date, channel: channel, answers: answers)))
                    generalResults.append(
                        general.check(Self.dictionaryRow(line: line, unit: unit, date: date, channel: channel, answers: answers)))
                }
            }
        }
        #expect(Outcome(fast, fastResults) == Outcome(general, generalResults))
    }

    @Test func manyRowsAddUpAsOnTheGeneralPath() {
        // Random rows over every item, some valid, some not: the counts of the valid ones (and
        // the buffers and caches reused from row to row) must match.
        var random = SplitMix64(seed: 2017)
        let items = Self.survey.allItems
        var fast = Self.validator()
        var general = Self.validator()
        var fastResults: [Questionnaire?] = []
        var generalResults: [Questionnaire?] = []
        func usual(_ item: SurveyItem) -> [String] {
            switch item.kind {
            case .satisfaction: return ["1", "2", "3", "4", "5", "", "na"]
            case .multipleChoice: return ["time", "time|fees", "online;other", "", "NA"]
            default: return item.options.prefix(3).map(\.code) + ["", item.options.first?.label.vi ?? "x"]
            }
        }
        for line in 2..<1500 {
            let answers = items.map { item -> (String, String) in
                let pool = Int.random(in: 0..<300, using: &random) == 0 ? Self.answerTexts : usual(item)
                return (item.code, pool[Int.random(in: 0..<pool.count, using: &random)])
            }
            let unit = ["18073", "18074", "18075", "Xã Cũ", "18073"][Int.random(in: 0..<5, using: &random)]
            let date =
                "2021-\(["01", "03", "06", "07", "12"][Int.random(in: 0..<5, using: &random)])-1\(Int.random(in: 0..<10, using: &random))"
            let channel = ["paper", "web", "", "Kiosk"][Int.random(in: 0..<4, using: &random)]
            fastResults.append(fast.check(Self.fileRow(line: line, unit: unit, date: date, channel: channel, answers: answers)))
            generalResults.append(general.check(Self.dictionaryRow(line: line, unit: unit, date: date, channel: channel, answers: answers)))
        }
        // Below the limit of problems kept, so that both keep all of them.
        #expect(general.problemCount < QuestionnaireValidator.problemLimit)
        #expect(fast.questionnaireCount > 100)
        #expect(Outcome(fast, fastResults) == Outcome(general, generalResults))
    }

    @Test func aCodeHeadingTwoColumnsKeepsTheLastNonEmptyAnswer() {
        var fast = Self.validator()
        var general = Self.validator()
        let answers = [("1.1", "3"), ("1.1", "4"), ("1.1", "")]
        let a = fast.check(Self.fileRow(line: 2, unit: "18073", date: "2021-03-15", channel: "paper", answers: answers))
        let b = general.check(Self.dictionaryRow(line: 2, unit: "18073", date: "2021-03-15", channel: "paper", answers: answers))
        #expect(a?.answers.first == 4)
        #expect(Outcome(fast, [a]) == Outcome(general, [b]))
    }

    @Test func answersOfAFileRowAreTheDictionaryOfItsCells() {
        let row = Self.fileRow(
            line: 2, unit: "18073", date: "2021-03-15", channel: "paper",
            answers: [("1.1", "4"), ("1.2", ""), ("gender", "Nữ")])
        #expect(row.answers == ["1.1": "4", "gender": "Nữ"])
        var changed = row
        changed.answers = ["1.2": "5"]
        #expect(changed.answerCells == nil)
        #expect(changed.answers == ["1.2": "5"])
    }

    // MARK: - Reading files

    /// The rows of a file as the reader made them before cells were bytes: `DelimitedFileReader`
    /// fields, trimmed with Foundation where they start or end with a space, a tab or a no-break
    /// space.
    static func referenceRows(_ url: URL) throws -> [(line: Int, cells: [String])] {
        var reader = try DelimitedFileReader(url: url)
        var rows: [(line: Int, cells: [String])] = []
        while let record = try reader.next() {
            let cells = record.fields.map { field -> String in
                guard let first = field.utf8.first, let last = field.utf8.last else { return field }
                let trim = first == 0x20 || first == 0x09 || first == 0xC2 || last == 0x20 || last == 0x09 || last == 0xA0
                return trim ? field.trimmingCharacters(in: .whitespaces) : field
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            rows.append((record.line, cells))
        }
        return rows
    }

    static let trickyFile =
        "\u{FEFF}unit,date,channel,1.1,obs.late,exp.improve,gender,1.2\r\n"
        + "18073,2021-03-15,paper,4,yes,time|fees,male,5\r\n"
        + " 18073 ,\t2021-03-15 , Web ,\u{A0}4\u{A0},\" yes\",\"time,fees\",\"ma\"\"le\",\r\n"
        + ",,,,,,,\r\n"
        + "\r\n"
        + "Xa\u{300} Cu\u{303},2021-07-02,kiosk,\"3\r\n\",no,\"a\nb\",Nư\u{303},1\n"
        + "18073,2021-03-15,paper,4\r"
        + "18073,2021-03-15,paper,4,yes,time|fees,male,5,,\n"
        + "18073,2021-03-15,paper,\u{2003}2\u{2003},\u{3000}yes,\"\"\"time\"\"\"x,female,\u{A0}\n"
        + "18073,2021-03-15,paper,\t\t, \t ,\" \",\u{A0},na"

    @Test func tableRowsAreTheFieldsTrimmedAsBefore() throws {
        let file = try TemporaryFile(Array(Self.trickyFile.utf8))
        defer { file.remove() }
        let expected = try Self.referenceRows(file.url)
        var table = try TableReader(url: file.url)
        var rows: [(line: Int, cells: [String])] = []
        while let row = try table.next() { rows.append(row) }
        #expect(rows.map(\.line) == expected.map(\.line))
        #expect(rows.map { $0.cells.map { Array($0.utf8) } } == expected.map { $0.cells.map { Array($0.utf8) } })
    }

    @Test func fileRowsHaveTheAnswersAndValidationOfBefore() throws {
        let file = try TemporaryFile(Array(Self.trickyFile.utf8))
        defer { file.remove() }
        let expected = Array(try Self.referenceRows(file.url).dropFirst())
        let reader = try QuestionnaireFileReader(url: file.url, survey: Self.survey)
        defer { reader.close() }
        let columns = reader.columns
        var fast = Self.validator()
        var general = Self.validator()
        var fastResults: [Questionnaire?] = []
        var generalResults: [Questionnaire?] = []
        var count = 0
        while let row = try reader.next() {
            let cells = expected[count].cells
            count += 1
            func value(_ name: String) -> String {
                columns.firstIndex(of: name).map { $0 < cells.count ? cells[$0] : "" } ?? ""
            }
            var answers: [String: String] = [:]
            for (index, code) in columns.enumerated() where !["unit", "date", "channel", "id"].contains(code) {
                let v = index < cells.count ? cells[index] : ""
                if !v.isEmpty { answers[code] = v }
            }
            #expect(row.line == expected[count - 1].line)
            #expect(
                [row.unit, row.date, row.channel].map { Array($0.utf8) }
                    == [value("unit"), value("date"), value("channel")].map { Array($0.utf8) })
            #expect(row.answers.mapValues { Array($0.utf8) } == answers.mapValues { Array($0.utf8) })
            fastResults.append(fast.check(row))
            generalResults.append(
                general.check(
                    QuestionnaireRow(
                        line: row.line, unit: row.unit, date: row.date, channel: row.channel,
                        clientID: row.clientID, answers: answers)))
        }
        #expect(count == expected.count)
        #expect(fast.questionnaireCount >= 2)
        #expect(Outcome(fast, fastResults) == Outcome(general, generalResults))
    }

    @Test func trimmingOnBytesMatchesFoundation() {
        // Every ASCII character and some Unicode spaces, around a letter, as lone cells.
        var pads = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        pads += ["\u{A0}", "\u{2003}", "\u{3000}", "\u{202F}", "\u{1680}", "\u{85}", "\u{2028}", "é", "\u{301}", "\u{A0}\u{301}"]
        for pad in pads {
            for text in [pad, "x" + pad, pad + "x", pad + "x" + pad, pad + pad + "yz" + pad + " ", "\u{A0}\u{A0}" + pad] {
                var cells = RowCells()
                Array(text.utf8).withUnsafeBufferPointer { TableReader.appendTrimmed($0, to: &cells) }
                let first = text.utf8.first!
                let last = text.utf8.last!
                let trim = first == 0x20 || first == 0x09 || first == 0xC2 || last == 0x20 || last == 0x09 || last == 0xA0
                let expected = trim ? text.trimmingCharacters(in: .whitespaces) : text
                #expect(cells.count == 1)
                #expect(cells.bytes == Array(expected.utf8), "\(text.debugDescription)")
            }
        }
    }
}
