import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

/// `Report.jsonBytes` writes the JSON itself; it must be byte for byte what Foundation's
/// `JSONEncoder` writes for the same report — pretty (the CLI) and compact (the API, the kept
/// monthly reports).
@Suite struct ReportJSONTests {
    static func encoder(_ style: ReportJSONStyle) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            style == .pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Both styles, compared byte for byte; on a difference, says where.
    static func expectSameBytes(_ report: Report, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for style in [ReportJSONStyle.pretty, .compact] {
            let expected = Array(try encoder(style).encode(report))
            let actual = try report.jsonBytes(style)
            if actual != expected {
                let at = (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] } ?? min(actual.count, expected.count)
                let context = { (bytes: [UInt8]) in String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self) }
                Issue.record(
                    "\(style): first difference at byte \(at) of \(expected.count)\nJSONEncoder: …\(context(expected))…\nours:        …\(context(actual))…",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test func channelsAndLeftOutAnswersAreWhatJSONEncoderWrites() throws {
        var input = ComparisonExample.input
        input.channels = input.units.indices.map { i in
            i == 0 ? ["paper": tally(95, of: 100), "kiosk": tally(80, of: 100), "phone": tally(3, of: 10)] : [:]
        }
        input.excludedFlagged = 12
        let report = ReportBuilder.build(input)
        #expect(report.channels?.first?.differences.count == 1)
        try Self.expectSameBytes(report)
    }

    @Test func reportsOfTheExamplesAreWhatJSONEncoderWrites() throws {
        try Self.expectSameBytes(ReportBuilder.build(ComparisonExample.input))
        try Self.expectSameBytes(ReportBuilder.build(NullsExample.input(withEmpty: true)))
        var noReference = NullsExample.input()
        noReference.reference = nil
        try Self.expectSameBytes(ReportBuilder.build(noReference))
        #expect(
            try ReportBuilder.build(ComparisonExample.input).jsonData()
                == Self.encoder(.pretty).encode(ReportBuilder.build(ComparisonExample.input)))
    }

    /// Reports carrying completeness: the hand-counted example, whole and for named units.
    @Test func reportsWithCompletenessAreWhatJSONEncoderWrites() throws {
        for roots in [[], ["436"], ["18073"], ["42-SNV", "437"]] as [Set<String>] {
            var input = ComparisonExample.input
            input.completeness = CompletenessExample.completeness(within: roots)
            try Self.expectSameBytes(ReportBuilder.build(input))
        }
        // A unit named with every awkward text in turn (escapes, control characters, emoji).
        for name in Self.awkwardTexts {
            var input = NullsExample.input()
            input.completeness = CompletenessExample.completeness(missingName: name)
            try Self.expectSameBytes(ReportBuilder.build(input))
        }
    }

    /// Completeness as a reader could have written it: an area nobody must report in (rates
    /// null), empty lists, awkward texts in codes, names and the period.
    @Test func completenessWithEmptyAreasAndAwkwardTextsIsWhatJSONEncoderWrites() throws {
        func area(_ code: String, expected: Int, onTime: Int, late: Int, missing: [String]) -> [String: Any] {
            [
                "code": code, "name": code + " tên", "expected": expected, "on_time": onTime, "late": late, "missing": missing.count,
                "missing_units": missing,
            ]
        }
        let texts = Self.awkwardTexts
        let object: [String: Any] = [
            "period": texts[3], "deadline": "2021-04-05", "restricted_to": texts,
            "areas": [
                area("", expected: 0, onTime: 0, late: 0, missing: []),
                area(texts[2], expected: 3, onTime: 1, late: 1, missing: [texts[7]]),
                area(texts[9], expected: 7, onTime: 0, late: 0, missing: texts.prefix(7).map { $0 }),
            ],
            "total": area("", expected: 10, onTime: 1, late: 1, missing: texts.prefix(8).map { $0 }),
            "units": texts.enumerated().map { i, text -> [String: Any] in
                [
                    "code": text, "name": texts[(i + 1) % texts.count], "level": ["department", "district", "commune"][i % 3],
                    "area": texts[(i + 2) % texts.count], "status": ["on_time", "late", "missing"][i % 3],
                    "received": i % 3 == 2 ? NSNull() : "2021-04-0\(i % 9 + 1)",
                ]
            },
        ]
        let completeness = try JSONDecoder().decode(Completeness.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(completeness.areas[0].completeness == nil && completeness.areas[1].timeliness == 100.0 / 3)
        let method = ReportBuilder.build(ComparisonExample.input).method
        try Self.expectSameBytes(
            Report(
                survey: "", surveyVersion: 0, period: "", target: 91, method: method, reference: nil, units: [], unmappedUnits: [],
                unmappedSeries: [], completeness: completeness))
        // No unit at all must report.
        var none = completeness
        none.areas = []
        none.units = []
        none.restrictedTo = []
        var report = ReportBuilder.build(ComparisonExample.input)
        report.completeness = none
        try Self.expectSameBytes(report)
    }

    static let awkwardTexts = [
        "", "Xã Kỳ Anh", "Phường \"Bắc\" Hà", "back\\slash", "a/b//c", "tab\there", "line\nbreak\r\n",
        "\u{0}\u{1}\u{7}\u{8}\u{B}\u{C}\u{E}\u{F}\u{10}\u{1F}\u{7F}", "é (e\u{301}) vs é", "🇻🇳 👨‍👩‍👧", "\u{2028}\u{2029}\u{FEFF}",
        "=HYPERLINK(\"http://example.invalid\",\"x\")", "</script>",
    ]

    static let awkwardNumbers: [Double] = [
        0, -0.0, 1, -1, 91, 100, 0.1, 0.2 + 0.1, 1.0 / 3, 2.0 / 3 * 100, 89.22040237801424, 1e-7, 1.5e-5, 0.0001, 0.001,
        .leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308, 999_999_999_999_999, 1e15, 1e15 + 1, 1e16, 1e17,
        123_456_789_012_345.6,
        9_007_199_254_740_992, 9_007_199_254_740_992.0.nextUp, 18_014_398_509_481_984, -12.5, -1e-300, 4.35, 1e21, 1e22, 0.5,
    ]

    static func unit(_ code: String, name: String, numbers: [Double?], changes: Report.Changes, empty: Bool = false) -> Report.UnitResult {
        var n = numbers.makeIterator()
        func next() -> Double? { n.next() ?? nil }
        return Report.UnitResult(
            code: code, name: name, level: .commune, respondents: Int.max,
            overall: Report.Estimate(index: next(), ciLow: next(), ciHigh: next(), missing: empty ? [] : ["1.2", name]),
            parts: empty ? [] : [Report.Component(code: "A", index: next(), ciLow: nil, ciHigh: next(), missing: [name])],
            elements: empty ? [] : [Report.Component(code: "1", index: next(), ciLow: next(), ciHigh: next(), missing: ["1.2", "1.3"])],
            criteria: empty
                ? []
                : [Report.Criterion(code: "1.1", index: next(), ciLow: next(), ciHigh: next(), satisfied: 0, valid: Int.min, noAnswer: -7)],
            observations: empty
                ? []
                : [
                    Report.Observation(
                        code: "obs", group: .observation, answered: 3,
                        options: [
                            Report.Observation.Option(code: "yes", count: 1, percent: next()),
                            Report.Observation.Option(code: "no", count: 2, percent: nil),
                        ]),
                    Report.Observation(code: "empty", group: .profile, answered: 0, options: []),
                ],
            verdict: .cannotTell,
            comparison: Report.Comparison(
                difference: next() ?? 0, z: next(), p: next() ?? 1, pAdjusted: next() ?? 1, standing: .notDistinguishable),
            rank: empty ? nil : 1, group: empty ? nil : 2, parPoints: next(), change: changes)
    }

    @Test func awkwardTextsNumbersAndEmptyContainersAreWhatJSONEncoderWrites() throws {
        let change = Report.Change(period: nil, from: 0, to: 1e-5, difference: -0.0, p: 1, pAdjusted: 1e-300, significant: false)
        var units: [Report.UnitResult] = []
        for (i, name) in Self.awkwardTexts.enumerated() {
            let numbers = (0..<20).map { k in Self.awkwardNumbers[(i * 7 + k) % Self.awkwardNumbers.count] as Double? }
            units.append(
                Self.unit(
                    name.isEmpty ? "0" : "\(i)\(name)", name: name, numbers: numbers,
                    changes: Report.Changes(previous: change, yearEarlier: i.isMultiple(of: 2) ? nil : change)))
        }
        // Every optional number nil; not-finite optional numbers written as null.
        units.append(Self.unit("nil", name: "nil", numbers: [], changes: Report.Changes(previous: nil, yearEarlier: nil), empty: true))
        units.append(
            Self.unit(
                "nan", name: "nan",
                numbers: [.nan, .infinity, -.infinity, .nan, .signalingNaN] + Array(repeating: .infinity, count: 3) + [nil],
                changes: Report.Changes(previous: nil, yearEarlier: nil)))
        let method = Report.Method(
            satisfiedLevels: [], elementRule: .pooled, overallRule: .directItem, acrossUnits: .meanOfUnits, confidence: 0.9,
            minRespondents: 0, parWeight: 12.5, boundaries: "2025-07-01", scope: "area", interval: "± z·SE\n\"quoted\"", comparison: "")
        let report = Report(
            survey: "s/1", surveyVersion: -1, period: "2021-01..2021-06", target: 91, method: method, reference: units[1],
            units: units, unmappedUnits: Self.awkwardTexts, unmappedSeries: [])
        try Self.expectSameBytes(report)
        // No units at all.
        try Self.expectSameBytes(
            Report(
                survey: "", surveyVersion: 0, period: "", target: 0.5, method: method, reference: nil,
                units: [], unmappedUnits: [], unmappedSeries: []))
    }

    /// Random reports: numbers from random bit patterns (every magnitude), texts from random
    /// Unicode scalars including control characters.
    @Test func randomReportsAreWhatJSONEncoderWrites() throws {
        var random = SeededGenerator(state: 20210331)
        func number() -> Double? {
            switch random.int(in: 0...9) {
            case 0: return nil
            case 1: return Double(random.int(in: -1000...1000))
            case 2: return random.double(in: 0...100)
            case 3: return Double(random.int(in: 0...10000)) / 100
            default:
                let value = Double(bitPattern: random.next())
                return value.isFinite ? value : nil
            }
        }
        func text() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.int(in: 0...12) {
                let pick = random.int(in: 0...3)
                let value =
                    pick == 0
                    ? random.int(in: 0...0x7F)
                    : pick == 1 ? random.int(in: 0...0x2FF) : pick == 2 ? random.int(in: 0x1E00...0x1EFF) : random.int(in: 0...0x10FFFF)
                if let scalar = Unicode.Scalar(UInt32(value)) { scalars.append(scalar) }
            }
            return String(scalars)
        }
        for _ in 0..<20 {
            var units: [Report.UnitResult] = []
            for _ in 0..<random.int(in: 0...30) {
                let change = Report.Change(
                    period: random.int(in: 0...1) == 0 ? nil : text(), from: number() ?? 1, to: number() ?? 2,
                    difference: number() ?? 3, p: number() ?? 0.5, pAdjusted: number(),
                    significant: random.int(in: 0...1) == 0)
                units.append(
                    Self.unit(
                        text(), name: text(), numbers: (0..<20).map { _ in number() },
                        changes: Report.Changes(previous: random.int(in: 0...2) == 0 ? nil : change, yearEarlier: change),
                        empty: random.int(in: 0...5) == 0))
            }
            let method = Report.Method(
                satisfiedLevels: (0..<random.int(in: 0...3)).map { _ in random.int(in: -9...99) }, elementRule: .meanOfCriteria,
                overallRule: .meanOfParts, acrossUnits: .pooled, confidence: number() ?? 0.95, minRespondents: random.int(in: 0...100),
                parWeight: number() ?? 10, boundaries: text(), scope: text(), interval: text(), comparison: text())
            // Completeness of random units: random names, levels, parents and arrival days.
            var completeness: Completeness?
            if random.int(in: 0...3) > 0 {
                let levels: [UnitLevel] = [.province, .department, .district, .commune]
                var versions: [UnitVersion] = []
                var received: [Int: CalendarDate] = [:]
                for id in 0..<random.int(in: 0...25) {
                    let parent = id == 0 ? nil : "u\(random.int(in: 0...(id - 1)))"
                    versions.append(
                        UnitVersion(
                            id: id,
                            unit: AdminUnit(
                                code: "u\(id)", parentCode: parent, level: levels[random.int(in: 0...3)], type: "", name: text()),
                            validFrom: CalendarDate("2020-01-01")!, validTo: nil))
                    if random.int(in: 0...2) > 0 { received[id] = CalendarDate(year: 2021, month: 4, day: random.int(in: 1...28)) }
                }
                let roots: Set<String> = random.int(in: 0...2) == 0 ? ["u\(random.int(in: 0...3))"] : []
                completeness = Completeness.compute(
                    period: Period("2021-03")!, rules: ReportingRules(deadlineDay: random.int(in: 1...28)), versions: versions,
                    received: received, within: roots)
            }
            let report = Report(
                survey: text(), surveyVersion: random.int(in: 0...9), period: text(), target: number() ?? 91, method: method,
                reference: units.first, units: units, unmappedUnits: (0..<random.int(in: 0...3)).map { _ in text() },
                unmappedSeries: (0..<random.int(in: 0...3)).map { _ in text() }, completeness: completeness)
            try Self.expectSameBytes(report)
        }
    }

    /// The same report, pieced out: the JSON written in chunks is the JSON written at once.
    @Test func completenessWrittenInPiecesIsTheSame() throws {
        var input = ComparisonExample.input
        input.completeness = CompletenessExample.completeness()
        let report = ReportBuilder.build(input)
        var pieces: [UInt8] = []
        try report.writeJSON(.pretty, chunkSize: 64) { pieces.append(contentsOf: $0) }
        #expect(pieces == (try report.jsonBytes(.pretty)))
    }

    /// A number JSON cannot hold where null is not allowed: an error, as with JSONEncoder.
    @Test func aNonFiniteRequiredNumberIsAnErrorAsWithJSONEncoder() throws {
        var report = ReportBuilder.build(ComparisonExample.input)
        report.target = .nan
        #expect(throws: EncodingError.self) { try Self.encoder(.pretty).encode(report) }
        #expect(throws: EncodingError.self) { try report.jsonBytes(.pretty) }
        report = ReportBuilder.build(ComparisonExample.input)
        report.units[0].change.previous?.p = .infinity
        #expect(throws: EncodingError.self) { try Self.encoder(.compact).encode(report) }
        #expect(throws: EncodingError.self) { try report.jsonBytes(.compact) }
    }

    /// Reports written by `JSONEncoder` elsewhere (e.g. by the released `sipas report --format
    /// json`), listed in SIPAS_REPORT_JSON_FILES (colon-separated): read back, then written
    /// again by both; the pretty output must also be the file itself (less its final newline).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SIPAS_REPORT_JSON_FILES"] != nil, "set SIPAS_REPORT_JSON_FILES"))
    func reportFilesAreWrittenAgainByteForByte() throws {
        let paths = (ProcessInfo.processInfo.environment["SIPAS_REPORT_JSON_FILES"] ?? "").split(separator: ":").map(String.init)
        for path in paths {
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let report = try JSONDecoder().decode(Report.self, from: data)
            if data.last == UInt8(ascii: "\n") { data.removeLast() }
            #expect(try report.jsonBytes(.pretty) == Array(data), "\(path)")
            try Self.expectSameBytes(report)
        }
    }
}
