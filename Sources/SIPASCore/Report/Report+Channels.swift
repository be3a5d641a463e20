import Foundation

extension Report {
    /// A unit's overall index per channel (how the questionnaires came: `paper` — tally
    /// sheets count as paper —, `kiosk`, `web`, `phone`, `post`), and whether channels differ:
    /// every pair of channels with enough respondents is tested (two-sided z-test of the
    /// difference, as units are compared with the reference), Holm-corrected over the unit's
    /// pairs. Indices per channel are computed from the channel's pooled counts.
    public struct UnitChannels: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var channels: [ChannelResult]
        public var differences: [ChannelDifference]
        /// Whether at least one pair of channels differs significantly.
        public var differ: Bool

        public init(code: String, name: String, channels: [ChannelResult], differences: [ChannelDifference], differ: Bool) {
            self.code = code
            self.name = name
            self.channels = channels
            self.differences = differences
            self.differ = differ
        }
    }

    public struct ChannelResult: Codable, Sendable, Equatable {
        public var channel: String
        public var respondents: Int
        public var overall: Estimate
        /// Fewer respondents than the survey's minimum: shown, never tested.
        public var tooFewRespondents: Bool

        public init(channel: String, respondents: Int, overall: Estimate, tooFewRespondents: Bool) {
            self.channel = channel
            self.respondents = respondents
            self.overall = overall
            self.tooFewRespondents = tooFewRespondents
        }

        enum CodingKeys: String, CodingKey {
            case channel, respondents, overall
            case tooFewRespondents = "too_few_respondents"
        }
    }

    public struct ChannelDifference: Codable, Sendable, Equatable {
        /// The two channels; `difference` is the first's index minus the second's.
        public var channels: [String]
        public var difference: Double
        public var p: Double
        public var pAdjusted: Double
        public var significant: Bool

        public init(channels: [String], difference: Double, p: Double, pAdjusted: Double, significant: Bool) {
            self.channels = channels
            self.difference = difference
            self.p = p
            self.pAdjusted = pAdjusted
            self.significant = significant
        }

        enum CodingKeys: String, CodingKey {
            case channels, difference, p, significant
            case pAdjusted = "p_adjusted"
        }
    }

    /// The order channels are listed in.
    public static let channelOrder = ["paper", "kiosk", "web", "phone", "post"]
}

extension ReportBuilder {
    /// The channels of one unit: a result per channel with questionnaires (in `channelOrder`),
    /// and the Holm-corrected tests of every pair of channels with enough respondents.
    static func channels(_ unit: ReportUnit, _ counts: [String: ItemCounts], _ calculator: IndexCalculator, alpha: Double)
        -> Report.UnitChannels
    {
        let names = counts.keys.filter { counts[$0]!.questionnaires > 0 }.sorted {
            (Report.channelOrder.firstIndex(of: $0) ?? Int.max, $0) < (Report.channelOrder.firstIndex(of: $1) ?? Int.max, $1)
        }
        let results = names.map { calculator.compute(counts[$0]!) }
        var tests: [(names: [String], difference: Double, p: Double)] = []
        for i in results.indices where !results[i].tooFewResponses {
            for j in results.indices where j > i && !results[j].tooFewResponses {
                if let t = Comparisons.test(results[i].overall, results[j].overall) {
                    tests.append(([names[i], names[j]], t.difference, t.p))
                }
            }
        }
        let adjusted = Statistics.holm(tests.map(\.p))
        let differences = tests.indices.map { k in
            Report.ChannelDifference(
                channels: tests[k].names, difference: tests[k].difference, p: tests[k].p, pAdjusted: adjusted[k],
                significant: adjusted[k] < alpha)
        }
        return Report.UnitChannels(
            code: unit.code, name: unit.name,
            channels: names.indices.map { i in
                Report.ChannelResult(
                    channel: names[i], respondents: results[i].respondents,
                    overall: Report.Estimate(results[i].overall, missing: results[i].missing),
                    tooFewRespondents: results[i].tooFewResponses)
            },
            differences: differences, differ: differences.contains(where: \.significant))
    }
}
