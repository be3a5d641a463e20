import SIPASCore

/// 7. Reporting completeness: per area, who had to report, on time, late, missing; and the
/// units that sent nothing.
extension HTMLSections {
    static func completeness(_ input: HTMLReportInput, words w: Words) -> [String: Any] {
        guard let c = input.report.completeness else { return ["counted": false] }
        func counts(_ a: Completeness.Area) -> [String: Any] {
            [
                "code": a.code, "name": a.name, "expected": w.int(a.expected), "onTime": w.int(a.onTime), "late": w.int(a.late),
                "missing": w.int(a.missing), "completeness": w.pct(a.completeness), "timeliness": w.pct(a.timeliness),
            ]
        }
        let names = Dictionary(c.areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let missing = c.missingUnits.map { u -> [String: Any] in
            [
                "area": names[u.area].map { "\(u.area) \($0)" } ?? u.area, "code": u.code, "name": u.name,
                "level": u.level.label.text(w.language),
            ]
        }
        return [
            "counted": [
                "deadline": c.deadline.label(w.language), "areas": c.areas.map(counts), "total": counts(c.total),
                "hasRestriction": !c.restrictedTo.isEmpty, "restrictedTo": listed(c.restrictedTo),
                "missingUnits": missing, "hasMissingUnits": !missing.isEmpty,
            ] as [String: Any]
        ]
    }
}
