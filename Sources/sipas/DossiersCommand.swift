import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// `sipas dossiers`: the dossiers units handled, from the one-stop system's export.
struct DossiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossiers", abstract: "The dossiers units handled (the one-stop system's export): the survey's sample frame.",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a list of dossiers (CSV, XLSX or XLS): dossier number, unit, date received, date returned.",
            discussion: """
                The header names the columns dossier, unit, received, returned (or Số hồ sơ, Đơn vị, Ngày tiếp nhận, \
                Ngày trả kết quả). Dates are YYYY-MM-DD or DD/MM/YYYY; returned is empty while a dossier is being \
                handled. A dossier already known (same unit, same number) takes the file's dates. Nothing is written if \
                any row is wrong; the same file imported again changes nothing.
                """)
        @Argument(help: "The dossier lists.") var files: [String]

        func run() async throws {
            let context = CommandContext()
            let (files, actor) = (files, context.actor)
            let outcomes = try await context.withDatabase { db in
                var outcomes: [DossierStore.Outcome] = []
                for file in files { outcomes.append(try await DossierService(db: db).importFile(URL(fileURLWithPath: file), actor: actor)) }
                return outcomes
            }
            for (file, outcome) in zip(files, outcomes) {
                switch outcome {
                case .imported(_, let added, let corrected, let unchanged):
                    print("\(file): \(added) dossier(s) added, \(corrected) corrected, \(unchanged) unchanged.")
                case .alreadyImported(let id, let by, let at):
                    print("\(file): imported before (import \(id) by \(by), \(at.formatted(.iso8601))); nothing changed.")
                }
            }
        }
    }
}
