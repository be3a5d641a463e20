/// A unit as a report names it.
public struct ReportUnit: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: UnitLevel

    public init(code: String, name: String, level: UnitLevel) {
        self.code = code
        self.name = name
        self.level = level
    }
}
