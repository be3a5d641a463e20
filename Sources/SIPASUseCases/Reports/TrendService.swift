import Foundation
import SIPASCore
import SIPASStore

/// A unit's indices month by month. Counts of earlier unit versions flow to the unit as it
/// stands at the end of the span (so a merged commune's history continues), and months
/// before a survey version existed are taken from the earlier survey its `series` names —
/// and from the one that survey's own `series` names, and so on back (a new wording of
/// sipas-2023 continues sipas-2023 version 1, which continues sipas-2017) — with their
/// elements mapped to this survey's codes; what has no mapping is said.
public struct TrendService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Point: Codable, Sendable, Equatable {
        public var period: String
        /// The survey whose answers the point comes from (an earlier one for mapped months).
        public var survey: String
        /// Its version (an earlier version of the same survey for months before a new wording).
        public var version: Int
        public var respondents: Int
        public var overall: Report.Estimate
        public var elements: [Report.Component]
    }

    public struct Trend: Codable, Sendable, Equatable {
        public var survey: String
        public var unit: String
        public var name: String
        public var points: [Point]
        /// Elements and criteria of this survey that the earlier survey cannot supply, and old
        /// units whose counts could not follow the reorganisations.
        public var unmapped: [String]
    }

    public func trend(surveyCode: String, unit: String, from: Period, to: Period, scope: ReportService.Scope, today: CalendarDate)
        async throws -> Trend
    {
        let (surveyID, survey) = try await SurveyStore(db).get(code: surveyCode)
        let versions = try await UnitStore(db).allVersions()
        let changes = try await UnitStore(db).changes().map { ($0.effective, $0.change) }
        let end = to.lastDay
        let valid = versions.filter { $0.isValid(on: end) }
        let resolution = UnitDirectory(valid).resolve(unit, on: end)
        guard case .found(let target) = resolution else {
            throw DatabaseError.notFound(UnitDirectory.explain(resolution, text: unit, when: "on \(end)") ?? "unknown unit \(unit)")
        }
        var members: Set<Int> = [target.id]
        if scope == .area {
            let children = Dictionary(grouping: valid, by: { $0.unit.parentCode ?? "" })
            var queue = [target.unit.code]
            while let code = queue.popLast() {
                for child in children[code] ?? [] where members.insert(child.id).inserted { queue.append(child.unit.code) }
            }
        }
        var unmapped = Set<String>()
        func monthly(_ id: Int) async throws -> [Period: ItemCounts] {
            var result: [Period: ItemCounts] = [:]
            for (period, units) in try await ReportStore(db).countsByPeriod(surveyID: id, from: from, to: to) where period.kind == .month {
                let mapped = BoundaryMapper.map(units, versions: versions, changes: changes, to: end)
                for version in mapped.unmapped { unmapped.insert("\(version.unit.code) \(version.unit.name) (\(version.validity))") }
                let sum = mapped.counts.filter { members.contains($0.key) }.values.reduce(into: ItemCounts()) { $0.add($1) }
                if !sum.isEmpty { result[period] = sum }
            }
            return result
        }
        let own = try await monthly(surveyID)
        // The earlier surveys, nearest first, each with the mapping of this survey's codes to
        // its codes. A survey named twice (a loop of mappings) ends the chain.
        var earlier: [(survey: Survey, mapping: SeriesMapping, counts: [Period: ItemCounts])] = []
        var seen: Set<Int> = [surveyID]
        var newer = survey
        var mapping: SeriesMapping?
        while let series = newer.series, let (id, found) = try? await SurveyStore(db).get(code: series.survey, version: series.version),
            seen.insert(id).inserted
        {
            let composed = mapping.map { $0.then(series) } ?? series
            earlier.append((found, composed, try await monthly(id)))
            newer = found
            mapping = composed
        }

        var points: [Point] = []
        var month = Period.month(from.firstDay.year, from.firstDay.month)
        while month.firstDay <= end {
            if let counts = own[month] {
                let result = IndexCalculator(survey: survey).compute(counts)
                points.append(
                    Point(
                        period: month.description, survey: survey.code, version: survey.version, respondents: result.respondents,
                        overall: Report.Estimate(result.overall), elements: result.elements.map(Report.Component.init)))
            } else if let source = earlier.first(where: { $0.counts[month] != nil }), let counts = source.counts[month] {
                let result = IndexCalculator(survey: source.survey).compute(counts)
                let translated = SeriesMapper.translate(result, into: survey, through: source.mapping)
                let name = "\(source.survey.code) v\(source.survey.version)"
                unmapped.formUnion(translated.unmapped.map { "\(survey.code) \($0): no counterpart in \(name)" })
                points.append(
                    Point(
                        period: month.description, survey: source.survey.code, version: source.survey.version,
                        respondents: result.respondents, overall: Report.Estimate(result.overall),
                        elements: translated.elements.map(Report.Component.init)))
            } else {
                points.append(
                    Point(
                        period: month.description, survey: survey.code, version: survey.version, respondents: 0,
                        overall: Report.Estimate(index: nil, ciLow: nil, ciHigh: nil), elements: []))
            }
            let next = month.year * 12 + month.firstMonth
            month = .month(next / 12, next % 12 + 1)
        }
        return Trend(survey: survey.code, unit: target.unit.code, name: target.unit.name, points: points, unmapped: unmapped.sorted())
    }
}
