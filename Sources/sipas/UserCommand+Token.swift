import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

extension UserCommand {
    /// `sipas user token NAME` creates a token (the default); `list` and `revoke` manage them.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API tokens of an account: create (shown once, stored only as a hash), list, revoke.",
            subcommands: [Create.self, List.self, Revoke.self], defaultSubcommand: Create.self)

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create an API token; it is shown once and stored only as a hash.")
            @Argument var name: String
            @Option(help: "What the token is for, e.g. kiosk-1.") var label = ""
            @Option(help: "How many days it lasts (default: 365 for a kiosk, 90 for a person).") var days: Int?

            func validate() throws {
                if let days, !(1...3650).contains(days) { throw ValidationError("--days \(days): expected 1 to 3650") }
            }

            func run() async throws {
                let context = CommandContext()
                let (name, label, days, actor) = (name, label, days, context.actor)
                let token = try await context.withDatabase { db in
                    try await AccountService(db).createToken(for: name, label: label, days: days, actor: actor)
                }
                print(token)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List an account's tokens (never the tokens themselves).")
            @Argument var name: String

            func run() async throws {
                let name = name
                let tokens = try await CommandContext().withDatabase { db in try await AccountService(db).tokens(of: name) }
                let now = Date()
                print(
                    table(
                        [["id", "label", "created", "expires", "last used", "state"]]
                            + tokens.map {
                                [
                                    "\($0.id)", $0.label, VietnamTime.minutes($0.createdAt), $0.expiresAt.map(VietnamTime.minutes) ?? "",
                                    $0.lastUsedAt.map(VietnamTime.minutes) ?? "",
                                    $0.revokedAt != nil ? "revoked" : ($0.isValid(now: now) ? "valid" : "expired"),
                                ]
                            }))
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Revoke a token (--id N, from `sipas user token list`) or all tokens of an account; a running service refuses it within 5 seconds."
            )
            @Argument var name: String
            @Option(help: "The token's id; all tokens of the account when left out.") var id: Int?

            func run() async throws {
                let context = CommandContext()
                let (name, id, actor) = (name, id, context.actor)
                let n = try await context.withDatabase { db in try await AccountService(db).revokeTokens(of: name, id: id, actor: actor) }
                print("revoked \(n) token(s) of \(name)")
            }
        }
    }
}
