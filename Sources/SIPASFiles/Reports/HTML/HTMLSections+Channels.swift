import SIPASCore

/// By channel (when asked for): each unit's overall index per channel with its interval, and
/// the pairs of channels that differ significantly.
extension HTMLSections {
    static func channels(_ input: HTMLReportInput, words w: Words) -> [String: Any]? {
        guard let channels = input.report.channels else { return nil }
        let units = channels.map { unit -> [String: Any] in
            let rows = unit.channels.map { c -> [String: Any] in
                [
                    "channel": Channel.label(of: c.channel, language: w.language), "respondents": w.int(c.respondents),
                    "index": w.pct(c.overall.index), "interval": w.interval(c.overall.ciLow, c.overall.ciHigh),
                    "tooFew": c.tooFewRespondents,
                ]
            }
            let significant = unit.differences.filter(\.significant).map { d -> [String: Any] in
                let names = d.channels.map { Channel.label(of: $0, language: w.language) }
                return [
                    "higher": d.difference > 0 ? names[0] : names[1], "lower": d.difference > 0 ? names[1] : names[0],
                    "points": w.num(abs(d.difference)), "pAdjusted": w.num(d.pAdjusted, 4),
                ]
            }
            return [
                "code": unit.code, "name": unit.name, "rows": rows, "differ": unit.differ, "significant": significant,
                "tested": !unit.differences.isEmpty, "empty": rows.isEmpty,
            ]
        }
        return ["units": units]
    }
}
