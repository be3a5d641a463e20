import ArgumentParser
import SIPASUseCases

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "SIPAS indices per unit for a period: criteria, elements, overall, intervals, target verdicts, ranks and changes.")
    @OptionGroup var options: ReportOptions

    func run() async throws {
        let request = options.request()
        try await options.produce(request)
    }
}
