import Foundation
import SIPASCore

// MARK: the report, key by key in sorted order

extension JSONByteWriter {
    /// The report; `afterUnit` is called after each unit (to drain the buffer when writing
    /// in pieces).
    mutating func write(_ report: Report, afterUnit: (inout JSONByteWriter) throws -> Void = { _ in }) throws {
        beginObject()
        key("channels")
        if let channels = report.channels { try write(channels) } else { null() }
        key("completeness")
        if let completeness = report.completeness { write(completeness) } else { null() }
        key("excluded_flagged")
        intOrNull(report.excludedFlagged)
        key("method")
        try write(report.method)
        key("period")
        string(report.period)
        key("reference")
        if let reference = report.reference { try write(reference) } else { null() }
        key("survey")
        string(report.survey)
        key("survey_version")
        int(report.surveyVersion)
        key("target")
        try double(report.target)
        key("units")
        beginArray()
        for unit in report.units {
            separator()
            try write(unit)
            try afterUnit(&self)
        }
        endArray()
        key("unmapped_series")
        strings(report.unmappedSeries)
        key("unmapped_units")
        strings(report.unmappedUnits)
        endObject()
    }

    mutating func write(_ method: Report.Method) throws {
        beginObject()
        key("across_units")
        string(method.acrossUnits.rawValue)
        key("boundaries")
        string(method.boundaries)
        key("comparison")
        string(method.comparison)
        key("confidence")
        try double(method.confidence)
        key("element_rule")
        string(method.elementRule.rawValue)
        key("interval")
        string(method.interval)
        key("min_respondents")
        int(method.minRespondents)
        key("overall_rule")
        string(method.overallRule.rawValue)
        key("par_weight")
        try double(method.parWeight)
        key("satisfied_levels")
        ints(method.satisfiedLevels)
        key("scope")
        string(method.scope)
        endObject()
    }

    mutating func write(_ estimate: Report.Estimate) {
        beginObject()
        key("ci_high")
        doubleOrNull(estimate.ciHigh)
        key("ci_low")
        doubleOrNull(estimate.ciLow)
        key("index")
        doubleOrNull(estimate.index)
        key("missing")
        strings(estimate.missing)
        endObject()
    }

    mutating func write(_ unit: Report.UnitResult) throws {
        beginObject()
        key("change")
        try write(unit.change)
        key("code")
        string(unit.code)
        key("comparison")
        if let comparison = unit.comparison { try write(comparison) } else { null() }
        key("criteria")
        beginArray()
        for criterion in unit.criteria {
            separator()
            beginObject()
            key("ci_high")
            doubleOrNull(criterion.ciHigh)
            key("ci_low")
            doubleOrNull(criterion.ciLow)
            key("code")
            string(criterion.code)
            key("index")
            doubleOrNull(criterion.index)
            key("no_answer")
            int(criterion.noAnswer)
            key("satisfied")
            int(criterion.satisfied)
            key("valid")
            int(criterion.valid)
            endObject()
        }
        endArray()
        key("elements")
        write(unit.elements)
        key("group")
        intOrNull(unit.group)
        key("level")
        string(unit.level.rawValue)
        key("name")
        string(unit.name)
        key("observations")
        beginArray()
        for observation in unit.observations {
            separator()
            beginObject()
            key("answered")
            int(observation.answered)
            key("code")
            string(observation.code)
            key("group")
            string(observation.group.rawValue)
            key("options")
            beginArray()
            for option in observation.options {
                separator()
                beginObject()
                key("code")
                string(option.code)
                key("count")
                int(option.count)
                key("percent")
                doubleOrNull(option.percent)
                endObject()
            }
            endArray()
            endObject()
        }
        endArray()
        key("overall")
        write(unit.overall)
        key("par_points")
        doubleOrNull(unit.parPoints)
        key("parts")
        write(unit.parts)
        key("rank")
        intOrNull(unit.rank)
        key("respondents")
        int(unit.respondents)
        key("verdict")
        string(unit.verdict.rawValue)
        endObject()
    }

    mutating func write(_ components: [Report.Component]) {
        beginArray()
        for component in components {
            separator()
            beginObject()
            key("ci_high")
            doubleOrNull(component.ciHigh)
            key("ci_low")
            doubleOrNull(component.ciLow)
            key("code")
            string(component.code)
            key("index")
            doubleOrNull(component.index)
            key("missing")
            strings(component.missing)
            endObject()
        }
        endArray()
    }

    mutating func write(_ comparison: Report.Comparison) throws {
        beginObject()
        key("difference")
        try double(comparison.difference)
        key("p")
        try double(comparison.p)
        key("p_adjusted")
        try double(comparison.pAdjusted)
        key("standing")
        string(comparison.standing.rawValue)
        key("z")
        doubleOrNull(comparison.z)
        endObject()
    }

    mutating func write(_ changes: Report.Changes) throws {
        beginObject()
        key("previous")
        if let previous = changes.previous { try write(previous) } else { null() }
        key("year_earlier")
        if let yearEarlier = changes.yearEarlier { try write(yearEarlier) } else { null() }
        endObject()
    }

    mutating func write(_ change: Report.Change) throws {
        beginObject()
        key("difference")
        try double(change.difference)
        key("from")
        try double(change.from)
        key("p")
        try double(change.p)
        key("p_adjusted")
        doubleOrNull(change.pAdjusted)
        key("period")
        stringOrNull(change.period)
        key("significant")
        bool(change.significant)
        key("to")
        try double(change.to)
        endObject()
    }
}
