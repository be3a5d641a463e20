import ArgumentParser
import Foundation
import SIPASCore
import SIPASStore
import SIPASUseCases

/// `sipas collect`: public questionnaire links that citizens open from a QR code or a receipt.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Public questionnaire links: make one per survey and unit, list them, revoke them, print their posters.",
        subcommands: [Link.self, List.self, Revoke.self, Poster.self])

    /// Where the service is reached from outside: `--public-url`, else $SIPAS_PUBLIC_URL, else
    /// the address `sipas serve` listens on by default.
    struct Address: ParsableArguments {
        @Option(
            help:
                "The service's public address, e.g. https://khaosat.hatinh.gov.vn (default: $SIPAS_PUBLIC_URL, else http://127.0.0.1:8080)."
        )
        var publicURL: String?

        func resolved() throws -> String {
            let url = publicURL ?? ProcessInfo.processInfo.environment["SIPAS_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil,
                parsed.query == nil
            else {
                throw ValidationError("--public-url \(url): expected an http:// or https:// address such as https://khaosat.hatinh.gov.vn")
            }
            return url
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an unguessable link to the questionnaire of one unit and print its full address.")
        @Option(help: "The survey's code, e.g. sipas-2017.") var survey: String
        @Option(help: "The unit's code or name (a unit valid today).") var unit: String
        @Option(help: "The last day the link takes answers (YYYY-MM-DD; default: no end).") var until: CalendarDate?
        @Flag(
            help:
                "Ask for the dossier number on the receipt: only a dossier of the unit returned lately (sipas dossiers import) is accepted, once."
        )
        var requireDossier = false
        @Option(help: "With --require-dossier: how many days after its return a dossier may be answered for.") var dossierDays = 30
        @OptionGroup var address: Address

        func validate() throws {
            guard (1...366).contains(dossierDays) else { throw ValidationError("--dossier-days \(dossierDays): expected 1 to 366 days") }
        }

        func run() async throws {
            let context = CommandContext()
            let base = try address.resolved()
            let (survey, unit, until, actor, requireDossier, dossierDays) = (
                survey, unit, until, context.actor, requireDossier, dossierDays
            )
            let link = try await context.withDatabase { db in
                try await CollectionService(db: db).makeLink(
                    surveyCode: survey, unitCode: unit, until: until, requireDossier: requireDossier, dossierDays: dossierDays,
                    actor: actor, today: .today())
            }
            print(CollectionService.url(of: link, publicURL: base))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the links with their units, surveys and states.")
        @OptionGroup var address: Address

        func run() async throws {
            let base = try address.resolved()
            let links = try await CommandContext().withDatabase { db in try await CollectionLinkStore(db).list() }
            let today = CalendarDate.today()
            print(
                table(
                    [["id", "survey", "unit", "until", "dossier", "state", "address"]]
                        + links.map {
                            [
                                "\($0.id)", "\($0.surveyCode) v\($0.surveyVersion)", "\($0.unit.unit.code) \($0.unit.unit.name)",
                                $0.validUntil?.description ?? "",
                                $0.requireDossier ? "≤ \($0.dossierDays) days" : "",
                                $0.revokedAt != nil ? "revoked" : ($0.isOpen(on: today) ? "open" : "expired"),
                                CollectionService.url(of: $0, publicURL: base),
                            ]
                        }))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a link (its id from `sipas collect list`, or its token): it answers that it no longer takes answers.")
        @Argument(help: "The link's id or token.") var link: String

        func run() async throws {
            let context = CommandContext()
            let (link, actor) = (link, context.actor)
            let revoked = try await context.withDatabase { db in try await CollectionLinkStore(db).revoke(link, actor: actor) }
            print("revoked link \(revoked.id) (\(revoked.unit.unit.code) \(revoked.unit.unit.name), \(revoked.surveyCode))")
        }
    }
}
