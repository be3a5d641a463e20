import SIPASCore

/// 9. Method and provenance: the questionnaire, how the indices are computed, the uploads used.
extension HTMLSections {
    static func method(_ input: HTMLReportInput, words w: Words) -> [String: Any] {
        let report = input.report
        let survey = input.survey
        let method = report.method
        var questionnaire: [String: Any] = [
            "code": survey.code, "version": "\(survey.version)", "title": survey.title.text(w.language), "source": survey.source,
        ]
        if let note = survey.note, !note.isEmpty { questionnaire["note"] = note }
        var values: [String: Any] = [
            "survey": questionnaire,
            "satisfiedLevels": method.satisfiedLevels.map(String.init).joined(separator: ", "),
            "elementRule": [
                "meanOfCriteria": method.elementRule == .meanOfCriteria, "pooled": method.elementRule == .pooled,
            ],
            "overallRule": [
                "meanOfElements": method.overallRule == .meanOfElements, "meanOfCriteria": method.overallRule == .meanOfCriteria,
                "meanOfParts": method.overallRule == .meanOfParts, "directItem": method.overallRule == .directItem,
            ],
            "pooledAcrossUnits": method.acrossUnits == .pooled,
            "target": w.pct(report.target), "minimum": w.int(method.minRespondents), "confidence": w.num(method.confidence * 100, 0),
            "parWeight": w.num(method.parWeight, 0), "interval": method.interval, "comparison": method.comparison,
            "boundaries": boundaries(method.boundaries), "scope": scope(method.scope),
            "hasUnmappedUnits": !report.unmappedUnits.isEmpty, "unmappedUnits": listed(report.unmappedUnits),
            "hasUnmappedSeries": !report.unmappedSeries.isEmpty, "unmappedSeries": listed(report.unmappedSeries),
            "hasUploads": !input.uploads.isEmpty,
            "uploads": input.uploads.map { upload -> [String: Any] in
                [
                    "id": "\(upload.id)", "fileName": upload.fileName, "uploadedBy": upload.uploadedBy,
                    "uploadedAt": upload.uploadedAt, "status": upload.status,
                ]
            },
        ]
        if report.survey != survey.code || report.surveyVersion != survey.version {
            values["computedWith"] = ["survey": report.survey, "version": "\(report.surveyVersion)"]
        }
        return values
    }

    /// `as-reported`, `current`, a date (`2025-07-01`) or anything else, printed as given.
    static func boundaries(_ value: String) -> [String: Any] {
        switch value {
        case "as-reported": return ["asReported": true]
        case "current": return ["current": true]
        default:
            let parts = value.split(separator: "-")
            if parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
                return ["date": ["day": "\(d)", "month": "\(m)", "year": "\(y)", "text": value]]
            }
            return ["other": value]
        }
    }

    /// `self` (the unit's own office), `area` (the unit and everything under it) or anything else.
    static func scope(_ value: String) -> [String: Any] {
        switch value {
        case "self": return ["own": true]
        case "area": return ["area": true]
        default: return ["other": value]
        }
    }
}
