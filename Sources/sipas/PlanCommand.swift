import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan the survey.", subcommands: [Sample.self])

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How many questionnaires a unit needs: Yamane's n = N / (1 + N·e²) (QĐ 1383/QĐ-BNV, 2012).")
        @Option(help: "N: the number of procedures the unit handled in the period.") var procedures: Int
        @Option(help: "e: the margin of error (0.05 = 5 %).") var margin: Double = 0.05

        func validate() throws {
            if procedures < 0 { throw ValidationError("--procedures must be 0 or more") }
            if !(margin > 0 && margin < 1) { throw ValidationError("--margin must lie between 0 and 1, e.g. 0.05") }
        }

        func run() throws {
            let n = Statistics.yamane(population: procedures, margin: margin)
            print(
                "Cần \(n) phiếu (N = \(procedures) hồ sơ, sai số e = \(NumberFormatting.decimal(margin * 100, digits: 1, language: .vi)) %; n = N / (1 + N·e²), làm tròn lên)."
            )
        }
    }
}
