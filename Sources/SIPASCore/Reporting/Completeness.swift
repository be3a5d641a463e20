/// Which units sent their data for a period, and when: every unit valid during the period at
/// the levels that report is on time, late or missing; areas (district areas, and the
/// province for its departments and for communes directly under it) get their rates.
public struct Completeness: Sendable, Equatable, Codable {
    public var period: String
    /// The last day on which data count as on time.
    public var deadline: CalendarDate
    public var units: [UnitStatus]
    public var areas: [Area]
    /// All units together.
    public var total: Area
    /// The units whose areas alone are counted (a report of named units), by code; empty when
    /// every unit that must report is counted.
    public var restrictedTo: [String]

    public struct UnitStatus: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        public var level: UnitLevel
        /// The code of the area the unit is counted in.
        public var area: String
        public var status: ReportingStatus
        /// The day its first data arrived (Vietnam's calendar), nil when none did.
        public var received: CalendarDate?
    }

    public struct Area: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        public var expected: Int
        public var onTime: Int
        public var late: Int
        public var missing: Int
        /// The units that sent nothing, by code.
        public var missingUnits: [String]

        /// The share of units that sent data (on time or late), in percent; nil with none expected.
        public var completeness: Double? { expected == 0 ? nil : 100 * Double(onTime + late) / Double(expected) }
        /// The share of units that sent data on time, in percent.
        public var timeliness: Double? { expected == 0 ? nil : 100 * Double(onTime) / Double(expected) }

        enum CodingKeys: String, CodingKey {
            case code, name, expected, late, missing, completeness, timeliness
            case onTime = "on_time"
            case missingUnits = "missing_units"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(expected, forKey: .expected)
            try c.encode(onTime, forKey: .onTime)
            try c.encode(late, forKey: .late)
            try c.encode(missing, forKey: .missing)
            try c.encode(missingUnits, forKey: .missingUnits)
            try c.encodeOrNull(completeness, forKey: .completeness)
            try c.encodeOrNull(timeliness, forKey: .timeliness)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            name = try c.decode(String.self, forKey: .name)
            expected = try c.decode(Int.self, forKey: .expected)
            onTime = try c.decode(Int.self, forKey: .onTime)
            late = try c.decode(Int.self, forKey: .late)
            missing = try c.decode(Int.self, forKey: .missing)
            missingUnits = try c.decode([String].self, forKey: .missingUnits)
        }

        init(code: String, name: String) {
            self.code = code
            self.name = name
            expected = 0
            onTime = 0
            late = 0
            missing = 0
            missingUnits = []
        }

        mutating func count(_ unit: UnitStatus) {
            expected += 1
            switch unit.status {
            case .onTime: onTime += 1
            case .late: late += 1
            case .missing:
                missing += 1
                missingUnits.append(unit.code)
            }
        }
    }

    /// The completeness of `period`: `versions` are the stored unit versions (all of them,
    /// for names and parents), `received` the first day data of each unit version arrived.
    /// With `roots`, only these units and the units below them (in the structure of the
    /// period) are counted.
    public static func compute(
        period: Period, rules: ReportingRules, versions: [UnitVersion], received: [Int: CalendarDate], within roots: Set<String> = []
    ) -> Completeness {
        let deadline = rules.deadline(for: period)
        let valid = versions.filter { $0.validFrom <= period.lastDay && ($0.validTo.map { $0 >= period.firstDay } ?? true) }
        // Parents as they stood at the end of the period (or earlier, for units that ended).
        var byCode: [String: UnitVersion] = [:]
        for version in valid.sorted(by: { $0.validFrom < $1.validFrom }) { byCode[version.unit.code] = version }
        /// The unit and its ancestors, nearest first.
        func lineage(of unit: AdminUnit) -> [AdminUnit] {
            var result = [unit]
            var seen: Set<String> = [unit.code]
            while let parent = result.last!.parentCode.flatMap({ byCode[$0]?.unit }), seen.insert(parent.code).inserted {
                result.append(parent)
            }
            return result
        }
        func area(of unit: AdminUnit) -> AdminUnit {
            if unit.level == .district { return unit }
            return lineage(of: unit).dropFirst().first { $0.level == .district || $0.level == .province } ?? unit
        }
        let levels = Set(rules.levels)
        var units: [UnitStatus] = []
        for version in valid where levels.contains(version.unit.level) {
            guard roots.isEmpty || lineage(of: version.unit).contains(where: { roots.contains($0.code) }) else { continue }
            let day = received[version.id]
            let status: ReportingStatus = day.map { $0 <= deadline ? .onTime : .late } ?? .missing
            units.append(
                UnitStatus(
                    code: version.unit.code, name: version.unit.name, level: version.unit.level,
                    area: area(of: version.unit).code, status: status, received: day))
        }
        units.sort { ($0.area, $0.level, $0.code) < ($1.area, $1.level, $1.code) }
        var areas: [String: Area] = [:]
        var total = Area(code: "", name: "")
        for unit in units {
            let owner = byCode[unit.area]?.unit
            areas[unit.area, default: Area(code: unit.area, name: owner?.name ?? unit.area)].count(unit)
            total.count(unit)
        }
        return Completeness(
            period: period.description, deadline: deadline, units: units,
            areas: areas.values.sorted { $0.code < $1.code }, total: total, restrictedTo: roots.sorted())
    }

    enum CodingKeys: String, CodingKey {
        case period, deadline, units, areas, total
        case restrictedTo = "restricted_to"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        period = try c.decode(String.self, forKey: .period)
        deadline = try c.decode(CalendarDate.self, forKey: .deadline)
        units = try c.decode([UnitStatus].self, forKey: .units)
        areas = try c.decode([Area].self, forKey: .areas)
        total = try c.decode(Area.self, forKey: .total)
        // Absent from what `sipas uploads missing` wrote before reports carried completeness.
        restrictedTo = try c.decodeIfPresent([String].self, forKey: .restrictedTo) ?? []
    }

    init(period: String, deadline: CalendarDate, units: [UnitStatus], areas: [Area], total: Area, restrictedTo: [String]) {
        self.period = period
        self.deadline = deadline
        self.units = units
        self.areas = areas
        self.total = total
        self.restrictedTo = restrictedTo
    }

    /// The units that sent nothing, in the order of `units` (by area, level and code).
    public var missingUnits: [UnitStatus] { units.filter { $0.status == .missing } }
}

extension Completeness.UnitStatus {
    enum CodingKeys: String, CodingKey {
        case code, name, level, area, status, received
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(level, forKey: .level)
        try c.encode(area, forKey: .area)
        try c.encode(status, forKey: .status)
        try c.encodeOrNull(received, forKey: .received)
    }
}
