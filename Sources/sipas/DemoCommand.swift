import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Set up the database with the shipped surveys and Hà Tĩnh's units, and show what was loaded.",
        discussion: "Uses the embedded database unless DATABASE_URL or PG* variables are set. Safe to run again: what is already loaded is left as it is.")

    /// The unit lists shipped in Surveys/units, with the dates they are valid from.
    static let unitLists: [(file: String, validFrom: String)] = [
        ("ha-tinh-2021.csv", "2020-01-01"),
        ("ha-tinh-departments-2021.csv", "2020-01-01"),
        ("ha-tinh-2025-01.csv", "2025-01-01"),
        ("ha-tinh-2025-07.csv", "2025-07-01"),
    ]
    static let successions = (file: "ha-tinh-2025-07-successions.csv", effective: "2025-07-01")

    func run() async throws {
        let context = CommandContext()
        let surveysFolder = try ProjectPaths.surveys()
        let surveyFiles = try FileManager.default.contentsOfDirectory(atPath: surveysFolder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let surveys = try surveyFiles.map { try SurveyLoader.load(contentsOf: surveysFolder.appendingPathComponent($0)) }
        let unitsFolder = surveysFolder.appendingPathComponent("units")
        let lists = try Self.unitLists.map { list in
            (list.file, CalendarDate(list.validFrom)!, try UnitListReader.readUnits(contentsOf: unitsFolder.appendingPathComponent(list.file)))
        }
        let changes = try UnitListReader.readChanges(contentsOf: unitsFolder.appendingPathComponent(Self.successions.file))
        let actor = context.actor

        let lines = try await context.withDatabase { db -> [String] in
            var lines: [String] = ["Database: \(db.configuration.target)", ""]
            lines.append("Surveys:")
            for survey in surveys {
                let result = try await SurveyStore(db).add(survey, actor: actor)
                let verb: String
                switch result {
                case .added: verb = "added"
                case .unchanged: verb = "already stored"
                }
                lines.append("  \(survey.code) v\(survey.version) (\(verb)): \(survey.title.vi) — \(survey.elements.count) yếu tố, \(survey.criteria.count) tiêu chí")
            }
            lines.append("")
            lines.append("Units:")
            let store = UnitStore(db)
            for (file, validFrom, rows) in lists {
                let report = try await store.importUnits(rows, file: "Surveys/units/\(file)", validFrom: validFrom, validTo: nil, actor: actor)
                lines.append("  " + UnitsCommand.describe(report, file: "\(file) (from \(validFrom))"))
            }
            let changeReport = try await store.importChanges(
                changes, file: "Surveys/units/\(Self.successions.file)",
                effective: CalendarDate(Self.successions.effective)!, actor: actor)
            lines.append("  " + UnitsCommand.describe(changeReport, file: Self.successions.file))
            lines.append("")
            for (label, date) in [("2021-06-30", "2021-06-30"), ("2025-03-31", "2025-03-31"), ("2025-07-01", "2025-07-01")] {
                let units = try await store.list(on: CalendarDate(date)!)
                let counts = Dictionary(grouping: units, by: \.unit.level).mapValues(\.count)
                lines.append("  On \(label): " + UnitLevel.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            }
            return lines
        }
        print(lines.joined(separator: "\n"))
        print("\nTry: swift run sipas survey show sipas-2017 · swift run sipas units tree --on 2021-06-30")
    }
}
