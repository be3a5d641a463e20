import SIPASCore

/// The heat map: one row per unit, one column per element (plus the overall index), each
/// cell coloured by its index on a binned viridis scale with the value printed on it in
/// black or white by luminance. Written as an HTML table (`Templates/heat-map.mustache`) so that
/// it can break across pages and repeat its header row.
enum HeatMap {
    /// Lower bounds of the bins above the first (indices in percent).
    static let thresholds: [Double] = [70, 75, 80, 85, 88, 91, 94, 97]

    /// The bin of a value: 0 (below 70) … 8 (97 and above).
    static func bin(_ value: Double) -> Int { thresholds.filter { value >= $0 }.count }

    /// The fill of a value; nil for a missing value.
    static func colour(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        return Palette.viridis[min(bin(value), Palette.viridis.count - 1)]
    }

    /// The order of units in the heat map: by level (departments, districts, communes), then
    /// by rank, unranked units last in the report's order.
    static func ordered(_ units: [Report.UnitResult]) -> [Report.UnitResult] {
        units.enumerated().sorted { a, b in
            if a.element.level != b.element.level { return a.element.level < b.element.level }
            switch (a.element.rank, b.element.rank) {
            case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// The values of `Templates/heat-map.mustache`.
    static func view(report: Report, survey: Survey, words w: Words) -> [String: Any] {
        let elements = survey.elements
        var rows: [[String: Any]] = []
        if let reference = report.reference {
            rows.append(["unit": row(reference, elements: elements, words: w, className: "ref")])
        }
        var currentLevel: UnitLevel? = nil
        let units = ordered(report.units)
        for unit in units {
            if unit.level != currentLevel {
                currentLevel = unit.level
                let count = units.filter { $0.level == unit.level }.count
                rows.append(["levelHeading": ["label": unit.level.label.text(w.language), "count": w.int(count)]])
            }
            rows.append(["unit": row(unit, elements: elements, words: w, className: unit.verdict == .tooFewResponses ? "few" : nil)])
        }
        return [
            "hasUnits": !report.units.isEmpty, "rows": report.units.isEmpty ? [] : rows, "columns": "\(4 + elements.count)",
            "minRespondents": "\(report.method.minRespondents)", "scale": scale(words: w),
            "elements": HTMLSections.positioned(
                elements.map { element in
                    let title = element.title.text(w.language)
                    return ["code": element.code, "title": title, "shortTitle": shortTitle(title, language: w.language)]
                }),
        ]
    }

    /// A column heading for an element: the first two syllables of a Vietnamese title
    /// ("Tiếp cận", "Thủ tục"), or the first words of an English one up to 16 characters
    /// without a dangling "of", "and", "to"…; the full titles are in the caption.
    static func shortTitle(_ title: String, language: Language) -> String {
        let words = title.split(separator: " ").map { String($0) }
        guard title.count > 16, !words.isEmpty else { return title }
        var kept: [String]
        switch language {
        case .vi:
            kept = Array(words.prefix(2))
        case .en:
            kept = [words[0]]
            for word in words.dropFirst() {
                if (kept + [word]).joined(separator: " ").count > 16 { break }
                kept.append(word)
            }
            let dangling: Set<String> = ["of", "and", "to", "the", "for", "with", "by", "in", "on", "a", "an"]
            while kept.count > 1, let last = kept.last, dangling.contains(last.lowercased()) { kept.removeLast() }
        }
        var short = kept.joined(separator: " ")
        while let last = short.last, ",;:.–-".contains(last) { short.removeLast() }
        return short
    }

    static func row(_ unit: Report.UnitResult, elements: [SurveyElement], words w: Words, className: String?) -> [String: Any] {
        let few = unit.verdict == .tooFewResponses
        var values: [String: Any] = [
            "rank": unit.rank.map { w.int($0) } ?? "–", "name": unit.name, "few": few, "respondents": w.int(unit.respondents),
            "incomplete": unit.overall.index != nil && !unit.overall.missing.isEmpty,
            "cells": [cell(unit.overall.index, words: w, muted: few)]
                + elements.map { element in cell(unit.elements.first { $0.code == element.code }?.index, words: w, muted: few) },
        ]
        if let className { values["rowClass"] = className }
        return values
    }

    /// A value cell; `muted` cells (too few responses) are left uncoloured and in italics.
    static func cell(_ value: Double?, words w: Words, muted: Bool) -> [String: Any] {
        guard let fill = colour(value), !muted else { return ["value": w.num(value), "muted": muted] }
        return ["value": w.num(value), "muted": false, "fill": fill, "ink": Palette.textColour(on: fill)]
    }

    /// The colour scale above the map: each bin's colour and range.
    static func scale(words w: Words) -> [[String: Any]] {
        Palette.viridis.enumerated().map { i, fill in
            let label: String
            if i == 0 {
                label = "< \(w.num(thresholds[0], 0))"
            } else if i == thresholds.count {
                label = "≥ \(w.num(thresholds[i - 1], 0))"
            } else {
                label = "\(w.num(thresholds[i - 1], 0))–\(w.num(thresholds[i], 0))"
            }
            return ["fill": fill, "ink": Palette.textColour(on: fill), "label": label]
        }
    }
}
