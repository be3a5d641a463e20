import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

/// `sipas kiosk`: tablets at the one-stop desk that rate the service and keep working offline.
struct KioskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Kiosks (tablets at the one-stop desk): pair one with a one-time code.",
        subcommands: [Pair.self])

    struct Pair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-time code to type on a tablet's kiosk page, and that page's address.",
            discussion: """
                The tablet opens <public-url>/kiosk and the code is typed there once: the tablet then holds the \
                token of a kiosk account of its own for the unit (see `sipas user list`; revoke it with \
                `sipas user token revoke`). Prints the code on the first line and the page's address on the second.
                """)
        @Option(help: "The unit's code or name (a unit valid today).") var unit: String
        @Option(help: "The survey the kiosk asks.") var survey = "kiosk-rating"
        @Option(help: "How many minutes the code can be used (1 to 1440).") var minutes = 15
        @OptionGroup var address: CollectCommand.Address

        func validate() throws {
            guard KioskService.minutes.contains(minutes) else { throw ValidationError("--minutes \(minutes): expected 1 to 1440") }
        }

        func run() async throws {
            let context = CommandContext()
            let base = try address.resolved()
            let (unit, survey, minutes, actor) = (unit, survey, minutes, context.actor)
            let pairing = try await context.withDatabase { db in
                try await KioskService(db: db).pair(unitCode: unit, surveyCode: survey, minutes: minutes, actor: actor)
            }
            var page = base
            while page.hasSuffix("/") { page.removeLast() }
            print(pairing.code)
            print(page + KioskService.path)
            FileHandle.standardError.write(
                Data(
                    ("Type the code on the tablet's kiosk page before \(VietnamTime.minutes(pairing.expiresAt)) (Vietnam time); "
                        + "it pairs one tablet with \(pairing.unit.unit.code) \(pairing.unit.unit.name), survey \(pairing.surveyCode).\n")
                        .utf8))
        }
    }
}
