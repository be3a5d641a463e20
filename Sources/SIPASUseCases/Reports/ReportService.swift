import Foundation
import SIPASCore
import SIPASStore

/// Builds reports: reads the aggregate counts of the period (and of the periods it is
/// compared with) in one query, carries them to the boundaries asked for, adds them up over
/// the scope, and hands them to the pure `ReportBuilder`.
public struct ReportService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Boundaries: Sendable, Equatable {
        /// The structure of the period itself.
        case asReported
        /// Today's structure: old units' counts flow to their successors.
        case current
        /// The structure valid on a date.
        case on(CalendarDate)

        public init?(_ text: String) {
            switch text {
            case "as-reported": self = .asReported
            case "current": self = .current
            default:
                guard let date = CalendarDate(text) else { return nil }
                self = .on(date)
            }
        }

        var label: String {
            switch self {
            case .asReported: return "as-reported"
            case .current: return "current"
            case .on(let date): return date.description
            }
        }
    }

    public enum Scope: String, Sendable, CaseIterable {
        /// A unit's own figures (a district committee's one-stop desk alone).
        case `self`
        /// The unit and every unit below it (the whole district area).
        case area
    }

    public struct Request: Sendable {
        public var surveyCode: String
        public var surveyVersion: Int?
        public var from: Period
        public var to: Period
        public var level: UnitLevel?
        public var unitCodes: [String]
        public var scope: Scope
        public var boundaries: Boundaries
        public var target: Double?
        public var today: CalendarDate
        /// Who must report and by when, for the report's completeness.
        public var reporting: ReportingRules
        /// Leave out the public answers flagged as too fast or part of a burst, and say how
        /// many were left out.
        public var excludeFlagged: Bool
        /// Show each unit's index per channel and whether channels differ.
        public var byChannel: Bool

        public init(
            surveyCode: String, surveyVersion: Int? = nil, from: Period, to: Period, level: UnitLevel? = nil,
            unitCodes: [String] = [], scope: Scope = .self, boundaries: Boundaries = .asReported,
            target: Double? = nil, today: CalendarDate, reporting: ReportingRules = ReportingRules(), excludeFlagged: Bool = false,
            byChannel: Bool = false
        ) {
            self.surveyCode = surveyCode
            self.surveyVersion = surveyVersion
            self.from = from
            self.to = to
            self.level = level
            self.unitCodes = unitCodes
            self.scope = scope
            self.boundaries = boundaries
            self.target = target
            self.today = today
            self.reporting = reporting
            self.excludeFlagged = excludeFlagged
            self.byChannel = byChannel
        }

        /// "2021-03", "2021-Q1", "2021" or "2021-01..2021-06".
        public var periodLabel: String { from == to ? from.description : "\(from)..\(to)" }

        /// The span of the same length just before, and a year earlier.
        var previous: (Period, Period) { shift(months: -monthCount) }
        var yearEarlier: (Period, Period) { (from.yearEarlier, to.yearEarlier) }
        var monthCount: Int { (to.lastDay.year * 12 + to.lastDay.month) - (from.firstDay.year * 12 + from.firstDay.month) + 1 }

        func shift(months: Int) -> (Period, Period) {
            if from == to && from.kind != .month { return (from.previous, to.previous) }
            func move(_ p: Period) -> Period {
                let index = p.firstDay.year * 12 + p.firstDay.month - 1 + months
                return .month(index / 12, index % 12 + 1)
            }
            let a = move(.month(from.firstDay.year, from.firstDay.month))
            let lastMonth = Period.month(to.lastDay.year, to.lastDay.month)
            return (a, move(lastMonth))
        }
    }

    public func report(_ request: Request) async throws -> (report: Report, survey: Survey) {
        let (input, survey) = try await input(request)
        return (ReportBuilder.build(input), survey)
    }

    /// Everything `ReportBuilder` needs for the report asked for: the counts read, carried
    /// to the boundaries and added up over the scope.
    public func input(_ request: Request) async throws -> (input: ReportInput, survey: Survey) {
        let (surveyID, survey) = try await SurveyStore(db).get(
            code: request.surveyCode, version: request.surveyVersion, from: request.from, to: request.to)
        let versions = try await UnitStore(db).allVersions()
        let changes = try await UnitStore(db).changes()
        let (previousFrom, previousTo) = request.previous
        // One query for the report period and the periods it is compared with.
        let filter: ReportStore.Filter = request.excludeFlagged ? .unflagged : .all
        let byPeriod = try await ReportStore(db).countsByPeriod(
            surveyID: surveyID, spans: [(request.from, request.to), (previousFrom, previousTo), request.yearEarlier], filter: filter)
        func sum(_ from: Period, _ to: Period) -> [Int: ItemCounts] {
            let inside = byPeriod.filter { $0.key.firstDay >= from.firstDay && $0.key.lastDay <= to.lastDay }
            // A single period (a monthly report) is its own sum.
            if inside.count == 1 { return inside.first!.value }
            var total: [Int: ItemCounts] = [:]
            for (_, units) in inside {
                for (unit, counts) in units { total[unit, default: ItemCounts()].add(counts) }
            }
            return total
        }

        let structureDate: CalendarDate
        switch request.boundaries {
        case .asReported: structureDate = request.to.lastDay
        case .current: structureDate = request.today
        case .on(let date): structureDate = date
        }
        var unmapped = Set<String>()
        func mapped(_ counts: [Int: ItemCounts]) -> [Int: ItemCounts] {
            guard request.boundaries != .asReported else { return counts }
            let result = BoundaryMapper.map(
                counts, versions: versions, changes: changes.map { ($0.effective, $0.change) }, to: structureDate)
            for version in result.unmapped { unmapped.insert("\(version.unit.code) \(version.unit.name) (\(version.validity))") }
            return result.counts
        }
        let current = mapped(sum(request.from, request.to))
        let previous = mapped(sum(previousFrom, previousTo))
        let earlier = mapped(sum(request.yearEarlier.0, request.yearEarlier.1))

        // The structure shown: as reported, the versions valid at the end of the period (and
        // any other version that has data in it); otherwise those valid on the date.
        var shown = versions.filter { $0.isValid(on: structureDate) }
        if request.boundaries == .asReported {
            let ids = Set(shown.map(\.id))
            shown += versions.filter { current[$0.id] != nil && !ids.contains($0.id) }
        }
        let children = Dictionary(grouping: shown, by: { $0.unit.parentCode ?? "" })
        func members(_ unit: UnitVersion) -> [UnitVersion] {
            guard request.scope == .area else { return [unit] }
            var result = [unit]
            var queue = [unit.unit.code]
            var seen: Set<String> = [unit.unit.code]
            while let code = queue.popLast() {
                for child in children[code] ?? [] where seen.insert(child.unit.code).inserted {
                    result.append(child)
                    queue.append(child.unit.code)
                }
            }
            return result
        }

        let selected: [UnitVersion]
        if !request.unitCodes.isEmpty {
            let directory = UnitDirectory(shown)
            selected = try request.unitCodes.map { code in
                let resolution = directory.resolve(code, on: structureDate)
                guard case .found(let version) = resolution else {
                    throw DatabaseError.notFound(
                        UnitDirectory.explain(resolution, text: code, when: "on \(structureDate)") ?? "unknown unit \(code)")
                }
                return version
            }
        } else if let level = request.level {
            selected = shown.filter { $0.unit.level == level }
        } else {
            selected = shown.filter { $0.unit.level != .province && current[$0.id] != nil }
        }

        func total(_ counts: [Int: ItemCounts], _ units: [UnitVersion]) -> ItemCounts {
            units.reduce(into: ItemCounts()) { sum, unit in if let c = counts[unit.id] { sum.add(c) } }
        }
        let ordered = selected.sorted { ($0.unit.level, $0.unit.code) < ($1.unit.level, $1.unit.code) }
        let entries = ordered.map { unit -> ReportEntry in
            let group = members(unit)
            let prev = total(previous, group)
            let old = total(earlier, group)
            let several = group.count > 1
            return ReportEntry(
                unit: ReportUnit(code: unit.unit.code, name: unit.unit.name, level: unit.unit.level),
                counts: total(current, group),
                previous: prev.isEmpty ? nil : prev,
                yearEarlier: old.isEmpty ? nil : old,
                parts: several ? group.compactMap { current[$0.id] } : [],
                previousParts: several ? group.compactMap { previous[$0.id] } : [],
                yearEarlierParts: several ? group.compactMap { earlier[$0.id] } : [])
        }
        let province = shown.filter { $0.unit.level == .province }
        let referenceUnit =
            province.count == 1
            ? ReportUnit(code: province[0].unit.code, name: province[0].unit.name, level: .province)
            : ReportUnit(code: "all", name: "Toàn bộ", level: .province)
        let completeness = try await self.completeness(request, surveyID: surveyID, versions: versions, selected: selected)
        // The flagged questionnaires left out: those of the period in any unit shown.
        var excluded: Int?
        if request.excludeFlagged {
            let flagged = try await ReportStore(db).countsByPeriod(
                surveyID: surveyID, spans: [(request.from, request.to)], filter: .flaggedOnly)
            excluded =
                total(
                    mapped(
                        flagged.values.reduce(into: [:]) { sum, units in
                            for (unit, counts) in units { sum[unit, default: ItemCounts()].add(counts) }
                        }), shown
                ).questionnaires
        }
        var channels: [[String: ItemCounts]]?
        if request.byChannel {
            let byChannel = try await ReportStore(db).countsByChannel(
                surveyID: surveyID, from: request.from, to: request.to, filter: filter
            ).mapValues(mapped)
            channels = ordered.map { unit in
                let group = members(unit)
                return byChannel.mapValues { total($0, group) }.filter { $0.value.questionnaires > 0 }
            }
        }
        let input = ReportInput(
            survey: survey, period: request.periodLabel, target: request.target, boundaries: request.boundaries.label,
            scope: request.scope.rawValue, units: entries,
            previousPeriod: Request.label(previousFrom, previousTo),
            yearEarlierPeriod: Request.label(request.yearEarlier.0, request.yearEarlier.1),
            // The reference follows `across_units`: with mean_of_units it is the mean of the
            // indices of every unit with data (each its own counts), as the survey says.
            reference: ReportEntry(
                unit: referenceUnit, counts: total(current, shown),
                parts: survey.index.acrossUnits == .meanOfUnits ? shown.compactMap { current[$0.id] } : []),
            unmappedUnits: unmapped.sorted(), unmappedSeries: [],
            completeness: completeness, channels: channels, excludedFlagged: excluded)
        return (input, survey)
    }

    /// Who had to report for the period and who did (`Completeness`, data of the report's
    /// survey), for a report of one month or one quarter; nil for a year or a span of periods,
    /// whose deadlines differ month by month. Always in the structure of the period (who had
    /// to report then), whatever the report's boundaries. A report of named units counts only
    /// those units and the units below them — an uploader's report thus stays in its own
    /// area; a report of a level (`--level district`) counts every unit that must report.
    func completeness(_ request: Request, surveyID: Int, versions: [UnitVersion], selected: [UnitVersion]) async throws -> Completeness? {
        guard request.from == request.to, request.from.kind != .year else { return nil }
        let received = try await ReceiptStore(db).firstReceived(surveyID: surveyID, period: request.from)
        let roots = request.unitCodes.isEmpty ? [] : Set(selected.map(\.unit.code))
        return Completeness.compute(period: request.from, rules: request.reporting, versions: versions, received: received, within: roots)
    }
}

extension ReportService.Request {
    static func label(_ from: Period, _ to: Period) -> String { from == to ? from.description : "\(from)..\(to)" }
}
