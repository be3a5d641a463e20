import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore

@Suite struct ReportBuilderTests {
    // MARK: verdicts, standings, ranks — golden numbers: see ComparisonExample (scipy/statsmodels).

    @Test func verdictsStandingsAndRanks() throws {
        let report = ReportBuilder.build(ComparisonExample.input)
        #expect(report.target == 85)
        let u = report.units
        // Overall = the single criterion: index p, SE Wilson-adjusted, interval ± z·SE.
        #expect(close(u[0].overall.index, 95))
        #expect(close(u[0].overall.ciLow, 90.20292850053737) && close(u[0].overall.ciHigh, 99.79707149946263))
        // The criterion itself keeps its Wilson interval: proportion_confint(95, 100, method="wilson").
        #expect(close(u[0].criteria[0].ciLow, 88.82495307680808) && close(u[0].criteria[0].ciHigh, 97.84563208456319))
        #expect(close(u[1].overall.ciLow, 72.1509639128875) && close(u[1].overall.ciHigh, 87.8490360871125))
        #expect(close(u[2].overall.ciHigh, 78.8747344096379))
        // Target 85: U1 90.2–99.8 meets, U2 72.2–87.8 cannot tell, U3 …–78.9 misses, U4 too few.
        #expect(u.map(\.verdict) == [.meets, .cannotTell, .misses, .tooFewResponses])

        // Against the reference 255/310 = 82.258…: p = 9.964e-05, 0.62025, 0.014678; Holm 2.9893e-04, 0.62025, 0.029356.
        let c = try #require(u[0].comparison)
        #expect(close(c.difference, 12.74193548387096) && close(c.z, 3.891461145096644, 1e-9))
        #expect(close(c.p, 9.964234763794468e-05, 1e-12) && close(c.pAdjusted, 0.00029892704291383405, 1e-12))
        #expect(close(u[1].comparison?.pAdjusted, 0.6202538031840763))
        #expect(close(u[2].comparison?.pAdjusted, 0.029355555699928936))
        #expect(u.map { $0.comparison?.standing } == [.above, .notDistinguishable, .below, nil])

        // Ranks 1, 2, 3; U1 vs U2: p 0.0013935 × 2 = 0.0028 → new group; U2 vs U3: 0.098 × 2 = 0.196 → same group.
        #expect(u.map(\.rank) == [1, 2, 3, nil])
        #expect(u.map(\.group) == [1, 2, 2, nil])
        #expect(close(u[0].parPoints, 9.5))
        #expect(u[3].parPoints == 10)  // too few responses still gets its numbers, just no rank or verdict

        // The reference: same shape, never compared or ranked; 77.995–86.521 straddles 85.
        let reference = try #require(report.reference)
        #expect(reference.code == "42" && reference.level == .province && reference.respondents == 310)
        #expect(close(reference.overall.index, 100.0 * 255 / 310))
        #expect(close(reference.overall.ciLow, 77.99504400940191) && close(reference.overall.ciHigh, 86.52108502285617))
        #expect(reference.comparison == nil && reference.rank == nil && reference.verdict == .cannotTell)
    }

    @Test func changesFromEarlierPeriods() throws {
        let report = ReportBuilder.build(ComparisonExample.input)
        // 80 → 95: p = 0.0013935435677718622 (significant); 94 → 95: p = 0.7796503065559232.
        let previous = try #require(report.units[0].change.previous)
        #expect(previous.period == "2021-02" && previous.from == 80 && previous.to == 95 && close(previous.difference, 15))
        #expect(close(previous.p, 0.0013935435677718622, 1e-12) && previous.significant)
        let yearEarlier = try #require(report.units[0].change.yearEarlier)
        #expect(yearEarlier.period == "2020-03" && yearEarlier.from == 94 && close(yearEarlier.difference, 1))
        #expect(close(yearEarlier.p, 0.7796503065559232, 1e-12) && !yearEarlier.significant)
        // Without earlier counts: null, not a zero change.
        #expect(report.units[1].change == Report.Changes(previous: nil, yearEarlier: nil))
    }

    @Test func methodStatesTheRules() {
        let method = ReportBuilder.build(ComparisonExample.input).method
        #expect(method.satisfiedLevels == [4, 5] && method.acrossUnits == .pooled && method.minRespondents == 30)
        #expect(method.boundaries == "as-reported" && method.scope == "self")
        #expect(method.interval.contains("Wilson") && method.interval.contains("mean of the component standard errors"))
        #expect(method.interval.contains("z = 1.96"))
        #expect(method.comparison.contains("Holm") && method.comparison.contains("Bonferroni") && method.comparison.contains("below 5 %"))
    }

    // MARK: nil → null

    /// Parses the report's JSON back into plain Foundation values.
    func json(_ report: Report) throws -> [String: Any] {
        let data = try report.jsonData()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func absentValuesAreNullNeverZeroOrOmitted() throws {
        let report = ReportBuilder.build(NullsExample.input())
        let text = String(decoding: try report.jsonData(), as: UTF8.self)
        #expect(!text.contains("NaN") && !text.lowercased().contains("infinity"))
        let root = try json(report)
        #expect(
            Set(root.keys) == [
                "survey", "survey_version", "period", "target", "method", "reference", "units", "unmapped_units", "unmapped_series",
            ])
        let units = try #require(root["units"] as? [[String: Any]])
        let unitKeys: Set<String> = [
            "code", "name", "level", "respondents", "overall", "parts", "elements", "criteria", "observations",
            "verdict", "comparison", "rank", "group", "par_points", "change",
        ]
        for unit in units { #expect(Set(unit.keys) == unitKeys) }

        // C: zero questionnaires — every index null, no rank, no comparison, no PAR points.
        let c = units[2]
        #expect(c["code"] as? String == "00003" && c["respondents"] as? Int == 0)
        let overall = try #require(c["overall"] as? [String: Any])
        #expect(overall["index"] is NSNull && overall["ci_low"] is NSNull && overall["ci_high"] is NSNull)
        for key in ["comparison", "rank", "group", "par_points"] { #expect(c[key] is NSNull, "\(key)") }
        #expect(c["verdict"] as? String == "too_few_responses")
        let criteria = try #require(c["criteria"] as? [[String: Any]])
        #expect(criteria.allSatisfy { $0["index"] is NSNull && $0["valid"] as? Int == 0 })
        let change = try #require(c["change"] as? [String: Any])
        #expect(change["previous"] is NSNull && change["year_earlier"] is NSNull)
        let observations = try #require(c["observations"] as? [[String: Any]])
        for observation in observations {
            let options = try #require(observation["options"] as? [[String: Any]])
            #expect(options.allSatisfy { $0["percent"] is NSNull && $0["count"] as? Int == 0 })
        }

        // B: criterion 1.2 nobody answered (50 "no answer") → null, valid 0; obs.late nobody answered → null percents.
        let b = units[1]
        let bCriteria = try #require(b["criteria"] as? [[String: Any]])
        #expect(bCriteria[1]["code"] as? String == "1.2" && bCriteria[1]["index"] is NSNull)
        #expect(bCriteria[1]["valid"] as? Int == 0 && bCriteria[1]["no_answer"] as? Int == 50)
        #expect(bCriteria[0]["index"] as? Double == 90)  // 45 of 50
        let late = try #require((b["observations"] as? [[String: Any]])?.first { $0["code"] as? String == "obs.late" })
        #expect(late["answered"] as? Int == 0)
        #expect((late["options"] as? [[String: Any]])?.allSatisfy { $0["percent"] is NSNull } == true)

        // A has a previous period; its year-earlier change is absent → null.
        let aChange = try #require(units[0]["change"] as? [String: Any])
        #expect(aChange["previous"] is [String: Any] && aChange["year_earlier"] is NSNull)

        // A report without a reference: "reference": null, every comparison null.
        var noReference = NullsExample.input()
        noReference.reference = nil
        let bare = try json(ReportBuilder.build(noReference))
        #expect(bare["reference"] is NSNull)
        #expect((bare["units"] as? [[String: Any]])?.allSatisfy { $0["comparison"] is NSNull } == true)
    }

    @Test func jsonRoundTrips() throws {
        let report = ReportBuilder.build(NullsExample.input())
        let decoded = try JSONDecoder().decode(Report.self, from: try report.jsonData())
        #expect(decoded == report)
    }

    // MARK: the property

    /// Adding a unit with no data changes no other unit's numbers (nor the reference: the
    /// pooled counts are the same with or without an empty unit).
    @Test func anEmptyUnitChangesNothingElse() throws {
        let with = ReportBuilder.build(NullsExample.input(withEmpty: true))
        let without = ReportBuilder.build(NullsExample.input(withEmpty: false))
        #expect(with.units.count == 4 && without.units.count == 3)
        #expect(with.reference == without.reference)
        #expect(with.units.filter { $0.code != "00003" } == without.units)

        // The same with an entry that has no counts at all, inserted first, in the comparison example.
        var input = ComparisonExample.input
        input.units.insert(ReportEntry(unit: commune("00009", "Xã Trống"), counts: ItemCounts()), at: 0)
        let extended = ReportBuilder.build(input)
        #expect(Array(extended.units.dropFirst()) == ReportBuilder.build(ComparisonExample.input).units)
        #expect(extended.units[0].rank == nil && extended.units[0].overall.index == nil)
    }

    // MARK: across units

    /// Two member units (sampleSurvey()), by hand:
    /// X (40): 1.1 30/40 = 75, 1.2 20/40 = 50, 2.1 40/40 = 100 → elements 62.5, 100 → overall 81.25.
    /// Y (20): 1.1 10/20 = 50, 1.2 15/20 = 75, 2.1 10/20 = 50 → elements 62.5, 50 → overall 56.25.
    /// Mean of units: 1.1 62.5, 1.2 62.5, 2.1 75; elements 62.5, 75; overall 68.75.
    /// Pooled (60): 1.1 40/60, 1.2 35/60, 2.1 50/60 → elements 62.5, 250/3 → overall 875/12 = 72.9166….
    static let x = ItemCounts(["questionnaires": ["": 40], "1.1": ["4": 30, "2": 10], "1.2": ["5": 20, "3": 20], "2.1": ["5": 40]])
    static let y = ItemCounts([
        "questionnaires": ["": 20], "1.1": ["4": 10, "1": 10], "1.2": ["4": 15, "3": 5], "2.1": ["5": 10, "2": 10],
    ])

    func districtReport(_ rule: IndexSettings.AcrossUnits) -> Report.UnitResult {
        var survey = sampleSurvey()
        survey.index.acrossUnits = rule
        let district = ReportEntry(
            unit: ReportUnit(code: "436", name: "Huyện Can Lộc", level: .district), counts: Self.x + Self.y, parts: [Self.x, Self.y])
        return ReportBuilder.build(ReportInput(survey: survey, period: "2021", units: [district])).units[0]
    }

    @Test func meanOfUnitsAgainstPooled() throws {
        let mean = districtReport(.meanOfUnits)
        #expect(mean.criteria.map(\.index) == [62.5, 62.5, 75])
        #expect(mean.elements.map(\.index) == [62.5, 75])
        #expect(mean.overall.index == 68.75)
        #expect(mean.parPoints == 6.875)
        // Tallies and respondents stay the pooled counts.
        #expect(mean.respondents == 60 && mean.criteria[0].satisfied == 40 && mean.criteria[0].valid == 60)
        // SE = √(se_X² + se_Y²)/2; overall SE 5.617539597341429 (each unit's overall SE the mean of its criteria SEs) —
        // Python (scipy z) in ReportFixtures' convention; interval 68.75 ± z·SE.
        #expect(close(mean.overall.ciLow, 57.739824707483166) && close(mean.overall.ciHigh, 79.76017529251683))
        // Criterion 1.1: SE 6.124048783974817 → 62.5 ± 1.959963984540054 × SE.
        let z = 1.959963984540054
        #expect(close(mean.criteria[0].ciLow, 62.5 - z * 6.124048783974817, 1e-8))

        let pooled = districtReport(.pooled)
        #expect(close(pooled.criteria[0].index, 200.0 / 3) && close(pooled.criteria[1].index, 175.0 / 3))
        #expect(close(pooled.elements[1].index, 250.0 / 3))
        #expect(close(pooled.overall.index, 875.0 / 12))
        #expect(close(pooled.overall.ciLow, 62.19684093842775) && close(pooled.overall.ciHigh, 83.63649239490556))
    }

    @Test func meanOfUnitsWithoutPartsPoolsAndSkipsEmptyMembers() {
        var survey = sampleSurvey()
        survey.index.acrossUnits = .meanOfUnits
        let alone = ReportEntry(unit: commune("1", "Xã X"), counts: Self.x)
        let withEmptyMember = ReportEntry(unit: commune("2", "Xã X+"), counts: Self.x, parts: [Self.x, ItemCounts()])
        let report = ReportBuilder.build(ReportInput(survey: survey, period: "2021", units: [alone, withEmptyMember]))
        #expect(report.units[0].overall.index == 81.25)
        // A member without data has no index and is left out of the mean (k = 1), so nothing changes.
        #expect(report.units[1].overall == report.units[0].overall)
        #expect(report.method.acrossUnits == .meanOfUnits && report.method.interval.contains("√(Σ SE²)/k"))
    }
}
