import ArgumentParser

@main
struct SIPAS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sipas",
        abstract: "Collect and analyse citizen satisfaction surveys (SIPAS) for public administration.",
        discussion: """
            sipas stores survey definitions, administrative units, tally sheets and questionnaires in \
            PostgreSQL and computes the SIPAS indices. With no DATABASE_URL or PG* variables set it uses \
            its own embedded database in ./.sipas (or $SIPAS_HOME).
            """,
        subcommands: [
            DBCommand.self, SurveyCommand.self, UnitsCommand.self, TemplateCommand.self, ImportCommand.self, UploadsCommand.self,
            ReportCommand.self, CompareCommand.self, TrendCommand.self, PlanCommand.self, ExportCommand.self, ServeCommand.self,
            UserCommand.self, AuditCommand.self, CollectCommand.self, DossiersCommand.self, KioskCommand.self, FormsCommand.self,
            ScanCommand.self,
            DemoCommand.self,
        ]
    )

    /// ArgumentParser's `main`, with the errors of the layers below worded with this
    /// command line's flags (`CLIWording`) before they are printed.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CLIWording.worded(error))
        }
    }
}
