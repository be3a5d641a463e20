/// Continues trends across survey versions (SIPAS.md §3): re-labels results computed with an
/// earlier survey with the codes of a newer one, through the newer survey's `series`.
public enum SeriesMapper {
    /// The earlier result's elements and criteria under the newer survey's codes, in the
    /// newer survey's order, and the newer element and criterion codes that have no earlier
    /// counterpart (no mapping, or a mapping to a code the earlier result does not have) —
    /// elements first, then criteria. `earlier` must have been computed with the survey named
    /// by `newer.series.survey`; without a `series`, everything is unmapped.
    public static func translate(_ earlier: IndexResult, into newer: Survey) -> (
        elements: [ComponentResult], criteria: [CriterionResult], unmapped: [String]
    ) {
        translate(earlier, into: newer, through: newer.series ?? SeriesMapping(survey: ""))
    }

    /// The same through a given mapping of `newer`'s codes to the codes `earlier` was computed
    /// with: for a survey further back, `newer.series` followed by the mappings in between
    /// (`SeriesMapping.then`).
    public static func translate(_ earlier: IndexResult, into newer: Survey, through mapping: SeriesMapping) -> (
        elements: [ComponentResult], criteria: [CriterionResult], unmapped: [String]
    ) {
        let earlierElements = Dictionary(earlier.elements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let earlierCriteria = Dictionary(earlier.criteria.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var elements: [ComponentResult] = []
        var criteria: [CriterionResult] = []
        var unmappedElements: [String] = []
        var unmappedCriteria: [String] = []
        for element in newer.elements {
            if let old = mapping.elements[element.code], var found = earlierElements[old] {
                found.code = element.code
                elements.append(found)
            } else {
                unmappedElements.append(element.code)
            }
            for item in element.items {
                if let old = mapping.items[item.code], var found = earlierCriteria[old] {
                    found.code = item.code
                    criteria.append(found)
                } else {
                    unmappedCriteria.append(item.code)
                }
            }
        }
        return (elements, criteria, unmappedElements + unmappedCriteria)
    }
}
