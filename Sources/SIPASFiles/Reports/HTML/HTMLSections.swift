import Mustache
import SIPASCore

/// The values of the report's sections, one dictionary per section template
/// (`Templates/summary.mustache`, `ranking.mustache`, …). Numbers and names are given as text,
/// formatted for the report's language; the templates hold the wording and escape the text.
enum HTMLSections {
    static func verdictSymbol(_ verdict: Verdict) -> String {
        switch verdict {
        case .meets: return "✓"
        case .misses: return "✗"
        case .cannotTell: return "?"
        case .tooFewResponses: return "†"
        case .noValidAnswers: return "∅"
        }
    }

    /// The items with `isFirst`, `isLast` and `rowCount`, for separators and row spans.
    static func positioned(_ items: [[String: Any]]) -> [[String: Any]] {
        items.enumerated().map { i, item in
            item.merging(["isFirst": i == 0, "isLast": i == items.count - 1, "rowCount": items.count]) { own, _ in own }
        }
    }

    /// Texts as `text` items for a list with separators.
    static func listed(_ texts: [String]) -> [[String: Any]] { positioned(texts.map { ["text": $0] }) }

    // MARK: 1. Summary

    static func summary(_ input: HTMLReportInput, words w: Words) -> [String: Any] {
        let report = input.report
        var values: [String: Any] = [
            "target": w.pct(report.target), "confidence": w.num(report.method.confidence * 100, 0),
            "parWeight": w.num(report.method.parWeight, 0), "minRespondents": "\(report.method.minRespondents)",
        ]
        if let excluded = report.excludedFlagged { values["excludedFlagged"] = w.int(excluded) }
        if let reference = report.reference {
            var card: [String: Any] = [
                "name": reference.name, "index": w.pct(reference.overall.index),
                "interval": w.interval(reference.overall.ciLow, reference.overall.ciHigh), "respondents": w.int(reference.respondents),
                "verdict": [
                    "symbol": verdictSymbol(reference.verdict), "label": reference.verdict.label.text(w.language),
                    "cannotTell": reference.verdict == .cannotTell,
                ] as [String: Any],
                "parPoints": w.num(reference.parPoints),
            ]
            if let change = reference.change.previous {
                var previous: [String: Any] = [
                    "difference": w.signed(change.difference), "from": w.pct(change.from), "to": w.pct(change.to),
                    "significant": change.significant,
                ]
                if let period = change.period { previous["period"] = w.period(period) }
                card["change"] = previous
            }
            values["reference"] = card
        }

        let units = report.units
        values["verdicts"] = Verdict.allCases.map { verdict -> [String: Any] in
            [
                "symbol": verdictSymbol(verdict), "label": verdict.label.text(w.language),
                "count": w.int(units.filter { $0.verdict == verdict }.count),
                "meets": verdict == .meets, "misses": verdict == .misses, "cannotTell": verdict == .cannotTell,
                "tooFewResponses": verdict == .tooFewResponses, "noValidAnswers": verdict == .noValidAnswers,
            ]
        }
        values["unitCount"] = w.int(units.count)
        let standingSymbol: [Standing: String] = [.above: "▲", .below: "▼", .notDistinguishable: "="]
        values["standings"] = [Standing.above, .below, .notDistinguishable].map { standing -> [String: Any] in
            let matching = units.filter { $0.comparison?.standing == standing }
            let named = standing != .notDistinguishable && !matching.isEmpty && matching.count <= 12
            return [
                "symbol": standingSymbol[standing] ?? "", "label": standing.label.text(w.language), "count": w.int(matching.count),
                "hasNames": named, "unitNames": named ? listed(matching.map(\.name)) : [],
            ]
        }
        let notCompared = units.filter { $0.comparison == nil }.count
        if notCompared > 0 { values["notCompared"] = w.int(notCompared) }
        values["changes"] = changes(units, words: w)
        return values
    }

    /// The largest rises and falls against the previous period (units with enough responses).
    static func changes(_ units: [Report.UnitResult], words w: Words, count: Int = 5) -> [String: Any] {
        let changed = units.compactMap { unit -> (Report.UnitResult, Report.Change)? in
            guard unit.verdict != .tooFewResponses, let change = unit.change.previous, change.difference.isFinite else { return nil }
            return (unit, change)
        }
        var values: [String: Any] = [:]
        if let period = changed.first?.1.period { values["previousPeriod"] = w.period(period) }
        guard !changed.isEmpty else { return values }
        let rises = changed.filter { $0.1.difference > 0 }.sorted { $0.1.difference > $1.1.difference }.prefix(count)
        let falls = changed.filter { $0.1.difference < 0 }.sorted { $0.1.difference < $1.1.difference }.prefix(count)
        values["compared"] = w.int(changed.count)
        values["significantUp"] = w.int(changed.filter { $0.1.significant && $0.1.difference > 0 }.count)
        values["significantDown"] = w.int(changed.filter { $0.1.significant && $0.1.difference < 0 }.count)
        func rows(_ list: ArraySlice<(Report.UnitResult, Report.Change)>) -> [[String: Any]] {
            positioned(
                list.map { unit, change -> [String: Any] in
                    [
                        "name": unit.name, "from": w.pct(change.from), "to": w.pct(change.to), "difference": w.signed(change.difference),
                        "significant": change.significant,
                    ]
                })
        }
        values["groups"] = [["rises": true, "rows": rows(rises)], ["rises": false, "rows": rows(falls)]] as [[String: Any]]
        return values
    }

    // MARK: 2. Ranking

    static func ranking(_ input: HTMLReportInput, words w: Words, templates: MustacheLibrary) throws -> [String: Any] {
        let report = input.report
        let levels = UnitLevel.allCases.filter { level in report.units.contains { $0.level == level && $0.rank != nil } }
        var legend: [String: Any] = [
            "meets": ["fill": Palette.meets, "label": Verdict.meets.label.text(w.language)],
            "misses": ["fill": Palette.misses, "label": Verdict.misses.label.text(w.language)],
            "cannotTell": ["fill": Palette.cannotTell, "label": Verdict.cannotTell.label.text(w.language)],
            "targetColour": Palette.target, "target": w.pct(report.target),
        ]
        if let province = report.reference?.overall.index { legend["province"] = w.pct(province) }
        let charts = try levels.map { level -> [String: Any] in
            let units = report.units.filter { $0.level == level }
            let rows = SVGCharts.rankingRows(units)
            let rankedCount = units.filter { $0.rank != nil && $0.overall.index != nil }.count
            let partial = rows.count < rankedCount
            let caption = try HTMLReport.text(
                [
                    "vi": w.vi, "level": level.label.text(w.language).lowercased(), "count": w.int(rankedCount), "partial": partial,
                    "edge": w.int(15),
                ],
                template: "ranking-caption", with: templates)
            let svg = SVGCharts.ranking(
                rows: rows, caption: caption, target: report.target, province: report.reference?.overall.index, words: w)
            return ["caption": caption, "svg": svg, "partial": partial]
        }
        return ["charts": charts, "hasCharts": !charts.isEmpty, "legend": legend]
    }

    // MARK: 4. Trend

    static func trend(_ input: HTMLReportInput, words w: Words, templates: MustacheLibrary) throws -> [String: Any] {
        let points = Array(input.trend.suffix(12))
        guard !points.isEmpty else { return ["tables": [] as [Any], "hasPoints": false] }
        var captionValues: [String: Any] = ["vi": w.vi, "count": w.int(points.count)]
        if let name = input.report.reference?.name { captionValues["name"] = name }
        let caption = try HTMLReport.text(captionValues, template: "trend-caption", with: templates)
        // The numbers in two tables side by side.
        let half = (points.count + 1) / 2
        let halves = points.count > 4 ? [Array(points.prefix(half)), Array(points.dropFirst(half))] : [points]
        let tables = halves.map { part -> [String: Any] in
            [
                "points": part.map { point -> [String: Any] in
                    [
                        "label": point.label, "index": w.pct(point.estimate.index),
                        "interval": w.interval(point.estimate.ciLow, point.estimate.ciHigh), "respondents": w.int(point.respondents),
                    ]
                }
            ]
        }
        return [
            "hasPoints": true, "caption": caption, "tables": tables, "target": w.pct(input.report.target), "targetColour": Palette.target,
            "svg": SVGCharts.trend(points, caption: caption, target: input.report.target, words: w),
        ]
    }

    // MARK: 5. Weakest criteria

    static func weakestCriteria(_ input: HTMLReportInput, words w: Words, count: Int = 5) -> [String: Any] {
        let criteria = (input.report.reference?.criteria ?? []).filter { $0.index?.isFinite == true }
            .sorted { ($0.index ?? 0) < ($1.index ?? 0) }.prefix(count)
        let rows = criteria.map { criterion -> [String: Any] in
            let element = input.survey.elements.first { $0.items.contains { $0.code == criterion.code } }
            return [
                "code": criterion.code, "text": input.survey.item(code: criterion.code)?.text.text(w.language) ?? "–",
                "element": element?.title.text(w.language) ?? "–", "index": w.pct(criterion.index),
                "interval": w.interval(criterion.ciLow, criterion.ciHigh), "satisfied": w.int(criterion.satisfied),
                "answered": w.int(criterion.valid),
            ]
        }
        return ["criteria": rows, "hasCriteria": !rows.isEmpty, "count": w.int(rows.count)]
    }

    // MARK: 6. Too few responses

    static func tooFew(_ input: HTMLReportInput, words w: Words) -> [String: Any] {
        let units = input.report.units.filter { $0.verdict == .tooFewResponses }
        let rows = units.map { unit -> [String: Any] in
            [
                "code": unit.code, "name": unit.name, "level": unit.level.label.text(w.language),
                "respondents": w.int(unit.respondents), "index": w.pct(unit.overall.index),
            ]
        }
        return ["units": rows, "hasUnits": !rows.isEmpty, "small": units.count <= 20, "minimum": w.int(input.report.method.minRespondents)]
    }

    // MARK: 8. Observations

    static func observations(_ input: HTMLReportInput, words w: Words) -> [String: Any] {
        let all = input.report.reference?.observations ?? []
        let questions = all.filter { $0.group == .observation }.map { observation -> [String: Any] in
            let item = input.survey.item(code: observation.code)
            var values: [String: Any] = ["text": item?.text.text(w.language) ?? observation.code, "answered": w.int(observation.answered)]
            if item?.kind == .yesNo || item == nil, let yes = observation.options.first(where: { $0.code == "yes" }) {
                values["yes"] = ["percent": w.pct(yes.percent), "count": w.int(yes.count)]
            } else {
                values["options"] = options(observation, item: item, words: w)
            }
            return values
        }
        let expectations = all.filter { $0.group == .expectation && $0.options.contains { $0.count > 0 } }.map {
            expectation -> [String: Any] in
            let item = input.survey.item(code: expectation.code)
            return [
                "text": item?.text.text(w.language) ?? expectation.code, "answered": w.int(expectation.answered),
                "options": options(expectation, item: item, words: w),
            ]
        }
        return ["questions": questions, "hasQuestions": !questions.isEmpty, "expectations": expectations]
    }

    static func options(_ observation: Report.Observation, item: SurveyItem?, words w: Words) -> [[String: Any]] {
        observation.options.map { option in
            [
                "label": item?.options.first { $0.code == option.code }?.label.text(w.language) ?? option.code,
                "percent": w.pct(option.percent), "count": w.int(option.count),
            ]
        }
    }
}
