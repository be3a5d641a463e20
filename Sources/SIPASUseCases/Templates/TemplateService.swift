import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// Blank tally sheets to fill in, for the CLI (`sipas template tallies`) and the web page.
public struct TemplateService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum TemplateError: Error, CustomStringConvertible {
        case unknownUnit(String)
        public var description: String {
            switch self {
            case .unknownUnit(let message): return message
            }
        }
    }

    /// The survey and the units of the sheet: each code given, and with `children` the units
    /// directly below it, valid during the period.
    public func template(surveyCode: String, version: Int? = nil, unitCodes: [String], children: Bool, period: Period) async throws
        -> TallyTemplate
    {
        let survey = try await SurveyStore(db).get(code: surveyCode, version: version).survey
        let versions = try await UnitStore(db).allVersions()
        let directory = UnitDirectory(versions)
        var units: [AdminUnit] = []
        for code in unitCodes {
            let resolution = directory.resolve(code, during: period)
            guard case .found(let version) = resolution else {
                throw TemplateError.unknownUnit(
                    UnitDirectory.explain(resolution, text: code, when: "during \(period)") ?? "unknown unit \(code)")
            }
            units.append(version.unit)
            if children {
                units.append(
                    contentsOf: versions.filter { $0.isValid(on: period.firstDay) && $0.unit.parentCode == version.unit.code }
                        .sorted { $0.unit.code < $1.unit.code }.map(\.unit))
            }
        }
        return TallyTemplate(survey: survey, units: units, period: period)
    }
}
