import Foundation
import SIPASCore

/// The inline SVG charts of the report, drawn in a 720-unit-wide view box that prints at the
/// 180 mm text width of A4 (so 13 units of font size print at about 9 pt). Every text from
/// data is escaped; every chart has a `<title>` and an `aria-label`.
enum SVGCharts {
    static let width = 720.0
    static let fontSize = 13.0

    // MARK: - Ranking chart

    /// A row of the ranking chart: a unit, or a note standing for the units left out.
    enum RankingRow {
        case unit(Report.UnitResult)
        case gap(count: Int, fromRank: Int?, toRank: Int?)
    }

    /// The units to draw, in rank order: all of them when there are at most `showAllUpTo`,
    /// otherwise the `edge` highest and the `edge` lowest with a gap row between.
    static func rankingRows(_ units: [Report.UnitResult], showAllUpTo: Int = 40, edge: Int = 15) -> [RankingRow] {
        let ranked = units.enumerated().filter { $0.element.rank != nil && $0.element.overall.index != nil }
            .sorted { a, b in
                let (x, y) = (a.element.rank ?? Int.max, b.element.rank ?? Int.max)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        guard ranked.count > showAllUpTo, ranked.count > 2 * edge else { return ranked.map { .unit($0) } }
        let hidden = ranked[edge..<(ranked.count - edge)]
        return ranked.prefix(edge).map { .unit($0) }
            + [.gap(count: hidden.count, fromRank: hidden.first?.rank, toRank: hidden.last?.rank)]
            + ranked.suffix(edge).map { .unit($0) }
    }

    /// A sensible start of the index axis: 50 %, or a lower multiple of 10 when an interval
    /// reaches below it.
    static func axisStart(_ values: [Double]) -> Double {
        guard let low = values.filter(\.isFinite).min() else { return 50 }
        return max(0, min(50, ((low - 1) / 10).rounded(.down) * 10))
    }

    static func ranking(
        rows: [RankingRow], caption: String, target: Double, province: Double?, words w: Words
    ) -> String {
        let units = rows.compactMap { row -> Report.UnitResult? in if case .unit(let u) = row { return u } else { return nil } }
        let lowValues = units.flatMap { [$0.overall.ciLow, $0.overall.index].compactMap { $0 } } + [target] + (province.map { [$0] } ?? [])
        let axisMin = axisStart(lowValues)
        let axisMax = 100.0
        let rowHeight = 20.0
        let barHeight = 12.0
        let top = 30.0
        let plotLeft = 356.0
        let plotRight = 624.0
        let height = top + Double(rows.count) * rowHeight + 40
        let plotBottom = top + Double(rows.count) * rowHeight
        func x(_ v: Double) -> Double {
            plotLeft + (min(max(v, axisMin), axisMax) - axisMin) / (axisMax - axisMin) * (plotRight - plotLeft)
        }

        var svg = svgOpen(height: height, label: caption)
        // Column headings.
        svg += text(2, 16, w.t("Nhóm", "Group"), size: 12, weight: "bold")
        svg += text(84, 16, w.t("Hạng", "Rank"), anchor: "end", size: 12, weight: "bold")
        svg += text(90, 16, w.t("Đơn vị", "Unit"), size: 12, weight: "bold")
        svg += text(628, 16, w.t("Chỉ số", "Index"), size: 12, weight: "bold")

        // Rank-group bands (alternating shading) with the group number at the first row of each run.
        var y = top
        var previousGroup: Int? = nil
        for row in rows {
            if case .unit(let unit) = row {
                let group = unit.group
                let shade = (group ?? 0) % 2 == 1 ? Palette.bandA : Palette.bandB
                svg += "<rect x=\"0\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(rowHeight))\" fill=\"\(shade)\"/>"
                if group != previousGroup {
                    svg += "<line x1=\"0\" y1=\"\(f(y))\" x2=\"\(f(width))\" y2=\"\(f(y))\" stroke=\"#888\" stroke-width=\"0.8\"/>"
                    svg += text(4, y + 14.5, group.map { w.int($0) } ?? "–", weight: "bold")
                }
                previousGroup = group
            } else {
                previousGroup = nil
            }
            y += rowHeight
        }

        // Grid and axis.
        let step = (axisMax - axisMin) > 30 ? 10.0 : 5.0
        var tick = axisMin
        while tick <= axisMax + 0.001 {
            svg +=
                "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(plotBottom))\" stroke=\"#c8c8c8\" stroke-width=\"0.6\"/>"
            svg += text(x(tick), plotBottom + 16, w.num(tick, 0) + " %", anchor: "middle", size: 12.5)
            tick += step
        }
        svg +=
            "<line x1=\"\(f(plotLeft))\" y1=\"\(f(plotBottom))\" x2=\"\(f(plotRight))\" y2=\"\(f(plotBottom))\" stroke=\"\(Palette.ink)\" stroke-width=\"1\"/>"
        svg += text(
            (plotLeft + plotRight) / 2, plotBottom + 33,
            w.t("Chỉ số hài lòng chung (%), thanh ngang: khoảng tin cậy 95 %", "Overall satisfaction index (%), whisker: 95 % interval"),
            anchor: "middle", size: 12.5)

        // Bars, whiskers and labels.
        y = top
        for row in rows {
            switch row {
            case .unit(let unit):
                svg += unitBar(unit, y: y, rowHeight: rowHeight, barHeight: barHeight, x: x, plotLeft: plotLeft, words: w)
            case .gap(let count, let fromRank, let toRank):
                let ranks =
                    (fromRank != nil && toRank != nil) ? " (\(w.t("hạng", "ranks")) \(w.int(fromRank ?? 0))–\(w.int(toRank ?? 0)))" : ""
                svg += "<rect x=\"0\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(rowHeight))\" fill=\"#ffffff\"/>"
                svg += text(
                    width / 2, y + 14.5,
                    "⋯ "
                        + w.t(
                            "\(w.int(count)) đơn vị ở giữa không hiển thị\(ranks)", "\(w.int(count)) units in the middle not shown\(ranks)")
                        + " ⋯",
                    anchor: "middle", style: "italic")
            }
            y += rowHeight
        }

        // Target (dashed) and province (dotted) lines over the bars.
        svg +=
            "<line x1=\"\(f(x(target)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(target)))\" y2=\"\(f(plotBottom))\" stroke=\"\(Palette.target)\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>"
        svg += text(
            x(target), top - 9, w.t("Mục tiêu ", "Target ") + w.pct(target), anchor: x(target) > plotRight - 60 ? "end" : "middle",
            size: 12.5, weight: "bold", fill: "#00664a")
        if let province {
            svg +=
                "<line x1=\"\(f(x(province)))\" y1=\"\(f(top))\" x2=\"\(f(x(province)))\" y2=\"\(f(plotBottom))\" stroke=\"#8a3f6c\" stroke-width=\"1.6\" stroke-dasharray=\"1.5 2.5\"/>"
        }
        svg += "</svg>"
        return svg
    }

    static func unitBar(
        _ unit: Report.UnitResult, y: Double, rowHeight: Double, barHeight: Double, x: (Double) -> Double, plotLeft: Double, words w: Words
    ) -> String {
        let fill: String
        let symbol: String
        switch unit.verdict {
        case .meets: (fill, symbol) = (Palette.meets, "✓")
        case .misses: (fill, symbol) = (Palette.misses, "✗")
        case .cannotTell, .tooFewResponses, .noValidAnswers: (fill, symbol) = (Palette.cannotTell, "?")
        }
        let standing: String
        switch unit.comparison?.standing {
        case .above: standing = " ▲"
        case .below: standing = " ▼"
        default: standing = ""
        }
        let cy = y + rowHeight / 2
        var svg = "<g>"
        svg +=
            "<title>"
            + XMLEscaping.escape(
                "\(unit.name): \(w.pct(unit.overall.index)) (\(w.interval(unit.overall.ciLow, unit.overall.ciHigh))) — \(unit.verdict.label.text(w.language))"
            ) + "</title>"
        svg += text(84, y + 14.5, unit.rank.map { w.int($0) } ?? "–", anchor: "end")
        svg += nameText(90, y + 14.5, unit.name, maxWidth: plotLeft - 96)
        if let index = unit.overall.index {
            svg +=
                "<rect x=\"\(f(plotLeft))\" y=\"\(f(cy - barHeight / 2))\" width=\"\(f(max(0, x(index) - plotLeft)))\" height=\"\(f(barHeight))\" fill=\"\(fill)\" stroke=\"\(Palette.ink)\" stroke-width=\"0.5\"/>"
        }
        if let low = unit.overall.ciLow, let high = unit.overall.ciHigh {
            let (x1, x2) = (x(low), x(high))
            svg += "<line x1=\"\(f(x1))\" y1=\"\(f(cy))\" x2=\"\(f(x2))\" y2=\"\(f(cy))\" stroke=\"\(Palette.ink)\" stroke-width=\"1.5\"/>"
            svg +=
                "<line x1=\"\(f(x1))\" y1=\"\(f(cy - 4))\" x2=\"\(f(x1))\" y2=\"\(f(cy + 4))\" stroke=\"\(Palette.ink)\" stroke-width=\"1.5\"/>"
            svg +=
                "<line x1=\"\(f(x2))\" y1=\"\(f(cy - 4))\" x2=\"\(f(x2))\" y2=\"\(f(cy + 4))\" stroke=\"\(Palette.ink)\" stroke-width=\"1.5\"/>"
        }
        svg += text(628, y + 14.5, "\(w.pct(unit.overall.index)) \(symbol)\(standing)")
        return svg + "</g>"
    }

    // MARK: - Trend chart

    static func trend(_ points: [TrendPoint], caption: String, target: Double, words w: Words) -> String {
        let values =
            points.flatMap { [$0.estimate.index, $0.estimate.ciLow, $0.estimate.ciHigh].compactMap { $0 } }.filter(\.isFinite) + [target]
        let low = values.min() ?? target
        let high = values.max() ?? target
        let range = high - low
        let step: Double = range <= 5 ? 1 : range <= 12 ? 2 : range <= 30 ? 5 : 10
        let yMin = max(0, ((low - step / 2) / step).rounded(.down) * step)
        let yMax = min(100, max(yMin + step, ((high + step / 2) / step).rounded(.up) * step))
        let left = 64.0
        let right = 640.0
        let top = 24.0
        let bottom = 240.0
        let height = 310.0
        let n = max(points.count, 1)
        func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * (right - left) / Double(n) }
        func y(_ v: Double) -> Double { bottom - (min(max(v, yMin), yMax) - yMin) / (yMax - yMin) * (bottom - top) }

        var svg = svgOpen(height: height, label: caption)
        // Grid and y axis.
        var tick = yMin
        while tick <= yMax + 0.001 {
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(right))\" y2=\"\(f(y(tick)))\" stroke=\"#d0d0d0\" stroke-width=\"0.6\"/>"
            svg += text(left - 6, y(tick) + 4.5, w.num(tick, 0) + " %", anchor: "end", size: 12.5)
            tick += step
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"\(Palette.ink)\"/>"

        // Interval band and line, broken where a value is missing.
        for run in runs(points.indices.filter { points[$0].estimate.ciLow != nil && points[$0].estimate.ciHigh != nil }) where !run.isEmpty
        {
            let upper = run.map { "\(f(x($0))),\(f(y(points[$0].estimate.ciHigh ?? 0)))" }
            let lower = run.reversed().map { "\(f(x($0))),\(f(y(points[$0].estimate.ciLow ?? 0)))" }
            if run.count == 1, let i = run.first {
                svg +=
                    "<rect x=\"\(f(x(i) - 6))\" y=\"\(f(y(points[i].estimate.ciHigh ?? 0)))\" width=\"12\" height=\"\(f(max(0, y(points[i].estimate.ciLow ?? 0) - y(points[i].estimate.ciHigh ?? 0))))\" fill=\"#9ecae1\" fill-opacity=\"0.6\"/>"
            } else {
                svg +=
                    "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"#9ecae1\" fill-opacity=\"0.6\" stroke=\"none\"/>"
            }
        }
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(y(target)))\" x2=\"\(f(right))\" y2=\"\(f(y(target)))\" stroke=\"\(Palette.target)\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>"
        svg += text(right + 6, y(target) - 3, w.t("Mục tiêu", "Target"), size: 12.5, weight: "bold", fill: "#00664a")
        svg += text(right + 6, y(target) + 12, w.pct(target), size: 12.5, weight: "bold", fill: "#00664a")
        for run in runs(points.indices.filter { points[$0].estimate.index != nil }) where run.count > 1 {
            let line = run.map { "\(f(x($0))),\(f(y(points[$0].estimate.index ?? 0)))" }
            svg += "<polyline points=\"\(line.joined(separator: " "))\" fill=\"none\" stroke=\"#08306b\" stroke-width=\"2.2\"/>"
        }
        for (i, point) in points.enumerated() {
            let last = i == points.count - 1
            svg +=
                "<g><title>"
                + XMLEscaping.escape(
                    "\(point.label): \(w.pct(point.estimate.index)) (\(w.interval(point.estimate.ciLow, point.estimate.ciHigh))), \(w.int(point.respondents)) \(w.t("phiếu", "responses"))"
                ) + "</title>"
            if let v = point.estimate.index {
                svg +=
                    "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"\(last ? 5 : 4)\" fill=\"\(last ? "#08306b" : "#ffffff")\" stroke=\"#08306b\" stroke-width=\"2\"/>"
                let above = y(point.estimate.ciHigh ?? v) - 6
                svg += text(x(i), max(top - 8, above), w.num(v), anchor: "middle", size: 12.5, weight: last ? "bold" : nil)
            } else {
                svg += text(x(i), bottom - 8, "–", anchor: "middle")
            }
            // Month labels turned by 40° so that twelve of them fit side by side.
            svg +=
                "<text x=\"\(f(x(i) + 4))\" y=\"\(f(bottom + 16))\" text-anchor=\"end\" font-size=\"12.5\" transform=\"rotate(-40 \(f(x(i) + 4)) \(f(bottom + 16)))\">\(XMLEscaping.escape(point.label))</text>"
            svg += "</g>"
        }
        svg += "</svg>"
        return svg
    }

    /// Splits sorted indices into runs of consecutive values.
    static func runs(_ indices: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        for i in indices {
            if let last = result.last?.last, last == i - 1 { result[result.count - 1].append(i) } else { result.append([i]) }
        }
        return result
    }

    // MARK: - Helpers

    static func svgOpen(height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(XMLEscaping.escape(label))\" "
            + "font-family=\"'DejaVu Sans', 'Noto Sans', Arial, sans-serif\" font-size=\"\(f(fontSize))\" fill=\"\(Palette.ink)\">"
            + "<title>\(XMLEscaping.escape(label))</title>"
    }

    /// A text element; `content` is escaped here.
    static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String? = nil, size: Double? = nil, weight: String? = nil,
        style: String? = nil, fill: String? = nil
    ) -> String {
        var attributes = "x=\"\(f(x))\" y=\"\(f(y))\""
        if let anchor { attributes += " text-anchor=\"\(anchor)\"" }
        if let size { attributes += " font-size=\"\(f(size))\"" }
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let style { attributes += " font-style=\"\(style)\"" }
        if let fill { attributes += " fill=\"\(fill)\"" }
        return "<text \(attributes)>\(XMLEscaping.escape(content))</text>"
    }

    /// A unit name that fits `maxWidth`: as is when its estimated width (0.58 em a character)
    /// fits, condensed with `textLength` by up to 20 %, otherwise cut with an ellipsis and
    /// condensed (the full name stays in the row's `<title>`).
    static func nameText(_ x: Double, _ y: Double, _ name: String, maxWidth: Double) -> String {
        var name = name.precomposedNFC
        let charWidth = fontSize * 0.58
        let estimated = Double(name.count) * charWidth
        guard estimated > maxWidth else { return text(x, y, name) }
        let limit = Int(maxWidth / (charWidth * 0.8))
        if name.count > limit, limit > 1 { name = String(name.prefix(limit - 1)) + "…" }
        let length = min(maxWidth, Double(name.count) * charWidth)
        return
            "<text x=\"\(f(x))\" y=\"\(f(y))\" textLength=\"\(f(length))\" lengthAdjust=\"spacingAndGlyphs\">\(XMLEscaping.escape(name))</text>"
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
