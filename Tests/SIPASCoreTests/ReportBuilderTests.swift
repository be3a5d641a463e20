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
        // Overall = the single criterion, interval and all (SIPAS.md §5.1: a mean of one component
        // is that component): proportion_confint(95, 100, method="wilson") = 88.825–97.846.
        #expect(close(u[0].overall.index, 95))
        #expect(close(u[0].overall.ciLow, 88.82495307680807) && close(u[0].overall.ciHigh, 97.84563208456319))
        #expect(close(u[0].criteria[0].ciLow, 88.82495307680807) && close(u[0].criteria[0].ciHigh, 97.84563208456319))
        #expect(close(u[1].overall.ciLow, 71.11708344068411) && close(u[1].overall.ciHigh, 86.66330666689676))
        #expect(close(u[2].overall.ciHigh, 78.10511470506724))
        // Target 85: U1 88.8–97.8 meets, U2 71.1–86.7 cannot tell, U3 …–78.1 misses, U4 too few.
        #expect(u.map(\.verdict) == [.meets, .cannotTell, .misses, .tooFewResponses])

        // Against the reference 255/310 = 82.258…: p = 5.528e-05, 0.61728, 0.014331; Holm 1.6585e-04, 0.61728, 0.028662.
        let c = try #require(u[0].comparison)
        #expect(close(c.difference, 12.74193548387096) && close(c.z, 4.032087651118915, 1e-9))
        #expect(close(c.p, 5.528355935717302e-05, 1e-12) && close(c.pAdjusted, 0.00016585067807151907, 1e-12))
        #expect(close(u[1].comparison?.pAdjusted, 0.6172826119649784))
        #expect(close(u[2].comparison?.pAdjusted, 0.028662428006080716))
        #expect(u.map { $0.comparison?.standing } == [.above, .notDistinguishable, .below, nil])

        // Ranks 1, 2, 3; U1 vs U2: p 0.0010703 × 2 = 0.0021 → new group; U2 vs U3: 0.0960 × 2 = 0.192 → same group.
        #expect(u.map(\.rank) == [1, 2, 3, nil])
        #expect(u.map(\.group) == [1, 2, 2, nil])
        #expect(close(u[0].parPoints, 9.5))
        #expect(u[3].parPoints == 10)  // too few responses still gets its numbers, just no rank or verdict

        // The reference: same shape, never compared or ranked; Wilson 255/310 = 77.618–86.108 straddles 85.
        let reference = try #require(report.reference)
        #expect(reference.code == "42" && reference.level == .province && reference.respondents == 310)
        #expect(close(reference.overall.index, 100.0 * 255 / 310))
        #expect(close(reference.overall.ciLow, 77.61830111512667) && close(reference.overall.ciHigh, 86.10814240560182))
        #expect(reference.comparison == nil && reference.rank == nil && reference.verdict == .cannotTell)
    }

    @Test func changesFromEarlierPeriods() throws {
        let report = ReportBuilder.build(ComparisonExample.input)
        // 80 → 95: p = 0.0010702884763843265 (significant); 94 → 95: p = 0.7672627787861219. U1 is the
        // only commune with earlier counts, so each Holm family has one member: adjusted = raw.
        let previous = try #require(report.units[0].change.previous)
        #expect(previous.period == "2021-02" && previous.from == 80 && previous.to == 95 && close(previous.difference, 15))
        #expect(
            close(previous.p, 0.0010702884763843265, 1e-12) && close(previous.pAdjusted, 0.0010702884763843265, 1e-12)
                && previous.significant)
        let yearEarlier = try #require(report.units[0].change.yearEarlier)
        #expect(yearEarlier.period == "2020-03" && yearEarlier.from == 94 && close(yearEarlier.difference, 1))
        #expect(close(yearEarlier.p, 0.7672627787861219, 1e-12) && !yearEarlier.significant)
        // Without earlier counts: null, not a zero change.
        #expect(report.units[1].change == Report.Changes(previous: nil, yearEarlier: nil))
    }

    @Test func methodStatesTheRules() {
        let method = ReportBuilder.build(ComparisonExample.input).method
        #expect(method.satisfiedLevels == [4, 5] && method.acrossUnits == .pooled && method.minRespondents == 30)
        #expect(method.boundaries == "as-reported" && method.scope == "self")
        #expect(method.interval.contains("Wilson") && method.interval.contains("same combination of the components' bounds"))
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
                "completeness", "channels", "excluded_flagged",
            ])
        #expect(root["completeness"] is NSNull)
        #expect(root["channels"] is NSNull && root["excluded_flagged"] is NSNull, "not asked for: null, never omitted")
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
        // Bounds: the mean of the members' bounds (SIPAS.md §5.1), each member's overall bounds the mean
        // of its elements', an element's the mean of its criteria's Wilson bounds — Python (statsmodels
        // Wilson) in ReportFixtures' convention: X 69.37031131831–87.65333860685958, Y 35.72982867439732–
        // 74.75610684994244 → 52.550069996353656–81.20472272840101.
        #expect(close(mean.overall.ciLow, 52.550069996353656) && close(mean.overall.ciHigh, 81.20472272840101))
        // Criterion 1.1: Wilson (30, 40) and (10, 20) lower bounds averaged: 44.867919699526595.
        #expect(close(mean.criteria[0].ciLow, 44.867919699526595, 1e-8))

        let pooled = districtReport(.pooled)
        #expect(close(pooled.criteria[0].index, 200.0 / 3) && close(pooled.criteria[1].index, 175.0 / 3))
        #expect(close(pooled.elements[1].index, 250.0 / 3))
        #expect(close(pooled.overall.index, 875.0 / 12))
        // Mean of the elements' bounds, each the mean of its criteria's Wilson bounds (40/60, 35/60; 50/60).
        #expect(close(pooled.overall.ciLow, 60.93043028688268) && close(pooled.overall.ciHigh, 82.1450264899382))
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
