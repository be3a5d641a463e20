import ArgumentParser
import SIPASCore
import SIPASFiles
import SIPASUseCases

/// The closed sets of the domain as command-line values: ArgumentParser refuses anything else
/// and lists the valid values.
extension CalendarDate: ExpressibleByArgument {
    /// Parses `YYYY-MM-DD`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension UnitLevel: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ReportTables.Name: ExpressibleByArgument {}
extension ReportService.Scope: ExpressibleByArgument {}
extension ExportKind: ExpressibleByArgument {}

extension ReportService.Boundaries: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }

    public static var allValueStrings: [String] { ["as-reported", "current", "YYYY-MM-DD"] }
}
extension TemplateService.FileType: ExpressibleByArgument {}
