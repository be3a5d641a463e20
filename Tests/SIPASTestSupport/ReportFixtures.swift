import Foundation
import SIPASCore

/// A survey of one element with one criterion: the overall index is the criterion's share,
/// with the criterion's Wilson interval and standard error (half-width / z).
public func oneCriterionSurvey() -> Survey {
    Survey(
        code: "one", version: 1, title: LocalizedText(vi: "Khảo sát một câu", en: "One-question survey"), source: "test",
        elements: [
            SurveyElement(
                code: "1", title: LocalizedText(vi: "Chung", en: "General"),
                items: [
                    SurveyItem(code: "1.1", kind: .satisfaction, group: .criterion, text: LocalizedText(vi: "Hài lòng", en: "Satisfied"))
                ])
        ])
}

/// `n` questionnaires answering 1.1, `satisfied` of them at level 5 and the rest at level 2.
public func tally(_ satisfied: Int, of n: Int) -> ItemCounts {
    var counts = ItemCounts(["questionnaires": ["": n]])
    if satisfied > 0 { counts.add(item: "1.1", option: "5", satisfied) }
    if n - satisfied > 0 { counts.add(item: "1.1", option: "2", n - satisfied) }
    return counts
}

public func commune(_ code: String, _ name: String) -> ReportUnit { ReportUnit(code: code, name: name, level: .commune) }

let province = ReportUnit(code: "42", name: "Tỉnh Hà Tĩnh", level: .province)

public func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) < tolerance
}

/// Golden numbers from Python 3 with scipy and statsmodels (z = norm.ppf(0.975); intervals
/// `proportion_confint(s, n, alpha=0.05, method="wilson")`; the criterion SE is the Wilson
/// half-width (hi − lo)/2/z, SIPAS.md §5.1; tests: d/√(se₁²+se₂²), p = 2·norm.sf(|z|);
/// `multipletests(p, method="holm")`):
///
///     z = norm.ppf(0.975)
///     def wil(s, n):                      # index, bounds and SE in percent
///         lo, hi = proportion_confint(s, n, alpha=0.05, method="wilson"); p = s / n
///         lo, hi = min(lo, p), max(hi, p)
///         return dict(i=100*p, lo=100*lo, hi=100*hi, se=100*(hi-lo)/2/z)
///     def mean(es): return {k: sum(e[k] for e in es) / len(es) for k in ("i", "lo", "hi", "se")}
///     def test(a, b):
///         d = a["i"] - b["i"]; zz = d / math.sqrt(a["se"]**2 + b["se"]**2)
///         return d, zz, 2 * norm.sf(abs(zz))
///
/// Units (one criterion): U1 95 of 100, U2 80 of 100, U3 70 of 100, U4 10 of 10 (too few);
/// the reference pools them: 255 of 310. Target 85 (overriding the survey's 91).
/// U1 previous period 80 of 100, a year earlier 94 of 100.
public enum ComparisonExample {
    public static let units: [ReportEntry] = [
        ReportEntry(
            unit: commune("00001", "Phường Bắc Hà"), counts: tally(95, of: 100), previous: tally(80, of: 100),
            yearEarlier: tally(94, of: 100)),
        ReportEntry(unit: commune("00002", "Xã Kỳ Anh"), counts: tally(80, of: 100)),
        ReportEntry(unit: commune("00003", "Xã Thạch Đài"), counts: tally(70, of: 100)),
        ReportEntry(unit: commune("00004", "Xã Ẩn"), counts: tally(10, of: 10)),
    ]

    public static var input: ReportInput {
        ReportInput(
            survey: oneCriterionSurvey(), period: "2021-03", target: 85, boundaries: "as-reported", scope: "self",
            units: units, previousPeriod: "2021-02", yearEarlierPeriod: "2020-03",
            reference: ReportEntry(unit: province, counts: tally(255, of: 310)), unmappedUnits: ["18448 Xã Bình Lộc"])
    }
}

/// Two units with data, one with zero questionnaires, one with too few (sampleSurvey()).
/// B left 1.2 unanswered (all "no answer") and nobody answered obs.late in B.
public enum NullsExample {
    public static let a = ItemCounts([
        "questionnaires": ["": 40],
        "1.1": ["1": 1, "2": 2, "3": 5, "4": 20, "5": 10, "na": 2],
        "1.2": ["3": 20, "4": 10, "5": 10],
        "2.1": ["5": 40],
        "obs.late": ["yes": 3, "no": 37],
        "gender": ["male": 15, "female": 20, "na": 5],
    ])
    public static let b = ItemCounts([
        "questionnaires": ["": 50],
        "1.1": ["3": 5, "4": 25, "5": 20],
        "1.2": ["na": 50],
        "2.1": ["1": 5, "4": 10, "5": 35],
        "gender": ["male": 30, "female": 20],
    ])
    public static let empty = ItemCounts(["questionnaires": ["": 0]])
    public static let d = ItemCounts(["questionnaires": ["": 5], "1.1": ["4": 5], "1.2": ["5": 5], "2.1": ["3": 5]])

    public static func input(withEmpty: Bool = true) -> ReportInput {
        var units = [
            ReportEntry(unit: commune("00001", "Xã A"), counts: a, previous: b),
            ReportEntry(unit: commune("00002", "Xã B"), counts: b),
            ReportEntry(unit: commune("00004", "Xã D"), counts: d),
        ]
        if withEmpty { units.insert(ReportEntry(unit: commune("00003", "Xã C"), counts: empty), at: 2) }
        return ReportInput(
            survey: sampleSurvey(), period: "2021-Q1", boundaries: "current", scope: "area", units: units,
            previousPeriod: "2020-Q4", reference: ReportEntry(unit: province, counts: a + b + empty + d),
            unmappedUnits: ["18448"], unmappedSeries: ["5.4"])
    }
}
