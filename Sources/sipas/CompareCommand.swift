import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare units (e.g. districts) in a period: each against the province, and which cannot be told apart.")
    @OptionGroup var options: ReportOptions

    func validate() throws {
        if options.units == nil && options.level == nil {
            throw ValidationError("give the units to compare with --units A,B,… (or a --level)")
        }
    }

    func run() async throws {
        let request = options.request()
        try await options.produce(request)
    }
}
