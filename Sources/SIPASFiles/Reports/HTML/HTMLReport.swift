import Foundation
import Mustache
import SIPASCore

/// The monthly SIPAS report as one self-contained HTML5 page for the province's leadership:
/// no scripts, no external fonts, images or stylesheets; printable on A4.
///
/// The page and its sections are Mustache templates shipped with SIPASFiles
/// (`Templates/report.mustache` and one partial per section: summary, ranking chart, heat map,
/// 12-month trend, weakest criteria, units with too few responses, reporting completeness,
/// observations, method and provenance), so that a province changes the wording or the
/// header by editing a template. Swift computes the values (`HTMLSections`, `HeatMap`) and
/// draws the SVG charts (`SVGCharts`). Numbers are formatted with `NumberFormatting` in the
/// report language; a missing value is printed as "–".
public enum HTMLReport {
    /// Renders the report. Pure: the same input gives the same text. Throws only when a
    /// template file is missing or does not parse.
    public static func render(_ input: HTMLReportInput) throws -> String {
        let templates = try library.get()
        let w = Words(language: input.language)
        let title = input.title ?? defaultTitle(period: input.report.period, language: input.language)
        var page: [String: Any] = [
            "vi": w.vi, "language": input.language.rawValue, "title": title,
            "surveyTitle": input.survey.title.text(input.language), "periodLabel": w.period(input.report.period),
            "generatedAt": input.generatedAt,
            "summary": HTMLSections.summary(input, words: w),
            "ranking": try HTMLSections.ranking(input, words: w, templates: templates),
            "heatMap": HeatMap.view(report: input.report, survey: input.survey, words: w),
            "trend": try HTMLSections.trend(input, words: w, templates: templates),
            "weakest": HTMLSections.weakestCriteria(input, words: w),
            "tooFew": HTMLSections.tooFew(input, words: w),
            "completeness": HTMLSections.completeness(input, words: w),
            "observations": HTMLSections.observations(input, words: w),
            "method": HTMLSections.method(input, words: w),
        ]
        if let channels = HTMLSections.channels(input, words: w) { page["channels"] = channels }
        if let reference = input.report.reference { page["issuer"] = reference.name }
        if let navigation = input.navigation {
            page["navigation"] =
                [
                    "home": navigation.home, "choose": navigation.choose,
                    "downloads": HTMLSections.positioned(navigation.downloads.map { ["label": $0.label, "href": $0.href] }),
                ] as [String: Any]
        }
        return try render(page, template: "report", with: templates)
    }

    /// "Báo cáo chỉ số hài lòng (SIPAS) — Tháng 3/2021" / "Satisfaction index report (SIPAS) — March 2021".
    public static func defaultTitle(period: String, language: Language) -> String {
        let label = ReportText.periodLabel(period, language)
        return language == .vi ? "Báo cáo chỉ số hài lòng (SIPAS) — \(label)" : "Satisfaction index report (SIPAS) — \(label)"
    }

    /// The templates of `Templates/`, read once.
    static let library = Result { try TemplateLibrary.load(from: .module) }

    static func render(_ values: [String: Any], template name: String, with templates: MustacheLibrary) throws -> String {
        guard let text = templates.render(values, withTemplate: name) else {
            throw TemplateLibrary.LoadError(file: "Templates/\(name).mustache", reason: "the file is missing")
        }
        return text
    }

    /// A plain-text template (a chart caption) without its final line break.
    static func text(_ values: [String: Any], template name: String, with templates: MustacheLibrary) throws -> String {
        var text = try render(values, template: name, with: templates)
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
