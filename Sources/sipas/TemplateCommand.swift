import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write blank forms to fill in.",
        subcommands: [Tallies.self])

    struct Tallies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the tally sheet of a unit (or of several, one block each) for a period.",
            discussion: "The clerk counts the paper questionnaires into it and imports it with `sipas import tallies`.")
        @Option(help: "The survey code, e.g. sipas-2017.") var survey: String
        @Option(help: "The survey version (default: the latest).") var version: Int?
        @Option(help: "Unit code(s), comma-separated, e.g. 18073 or 18070,18073.") var unit: String
        @Flag(help: "Add a block for each unit below the given one (a district fills in for its communes).") var children = false
        @Option(help: "The period: YYYY-MM or YYYY-Qn.") var period: String
        @Option(help: "The file type of the sheet.") var format: TemplateService.FileType = .xlsx
        @Option(name: .shortAndLong, help: "The file to write (default: tally-UNIT-PERIOD.xlsx).") var output: String?

        func validate() throws {
            guard let p = Period(period), p.kind != .year else {
                throw ValidationError("--period \(period) is not a month YYYY-MM or a quarter YYYY-Qn")
            }
        }

        func run() async throws {
            let period = Period(self.period)!
            let codes = unit.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let (surveyCode, version, children) = (survey, version, children)
            let template: TallyTemplate
            do {
                template = try await CommandContext().withDatabase { db in
                    try await TemplateService(db).template(
                        surveyCode: surveyCode, version: version, unitCodes: codes, children: children, period: period)
                }
            } catch let error as TemplateService.TemplateError {
                throw ValidationError(error.description)
            }
            let (survey, units) = (template.survey, template.units)
            let path = output ?? "tally-\(codes.joined(separator: "_"))-\(period).\(format.rawValue)"
            let url = URL(fileURLWithPath: path)
            switch format {
            case .csv: try template.csv().write(to: url)
            case .xlsx: try template.writeXLSX(to: url)
            }
            print("wrote \(path): \(units.count) unit(s), \(survey.allItems.count) items, \(period.label(.vi))")
        }
    }
}
