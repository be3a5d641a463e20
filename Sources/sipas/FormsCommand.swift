import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

/// `sipas forms`: paper questionnaires printed by sipas, to be read back from their scans.
struct FormsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "Paper questionnaires with marks sipas can read back from a scan.", subcommands: [Print.self])

    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write A4 questionnaires of one unit as a PDF: corner marks and a QR code on every page, each form with its own serial."
        )
        @Option(help: "The survey's code, e.g. sipas-2017.") var survey: String
        @Option(help: "The survey version (default: the newest).") var version: Int?
        @Option(help: "The unit's code or name (a unit valid today).") var unit: String
        @Option(help: "How many forms (1–5000).") var count = 1
        @Option(name: .shortAndLong, help: "The PDF to write.") var output: String
        @Option(help: "Also write the layout (each answer box's place in millimetres) as JSON to this file.") var layout: String?

        func run() async throws {
            let context = CommandContext()
            let pdf = URL(fileURLWithPath: output)
            let (survey, version, unit, count, actor) = (survey, version, unit, count, context.actor)
            let printed = try await context.withDatabase { db in
                try await PaperFormService(db: db).print(
                    surveyCode: survey, version: version, unitCode: unit, count: count, actor: actor, today: .today(), pdf: pdf)
            }
            if let layout {
                try printed.layout.json().write(to: URL(fileURLWithPath: layout))
                print(layout)
            }
            let serials =
                printed.serials.count == 1 ? "\(printed.serials.lowerBound)" : "\(printed.serials.lowerBound)–\(printed.serials.upperBound)"
            FileHandle.standardError.write(
                Data(
                    "\(printed.unit.code) \(printed.unit.name): \(printed.serials.count) phiếu (số \(serials)), \(printed.pagesPerForm) trang mỗi phiếu, bố cục #\(printed.layoutID)\n"
                        .utf8))
            print(pdf.path)
        }
    }
}
