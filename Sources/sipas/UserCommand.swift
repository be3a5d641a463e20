import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts of the service and their API tokens.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self, Token.self])

    /// Reads a password from standard input (one line), for scripts and for people alike.
    static func readPassword(_ name: String) throws -> String {
        guard let line = readLine(strippingNewline: true), line.count >= 10 else {
            throw ValidationError("the password of \(name) (one line on standard input) must have at least 10 characters")
        }
        return line
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account: admin, analyst, uploader or kiosk (with --unit), or viewer.")
        @Argument(help: "The account name (a-z, 0-9, . _ -).") var name: String
        @Option(help: "What the account may do.") var role: Role
        @Option(help: "An uploader's unit code: it acts for this unit and the units below it.") var unit: String?
        @Flag(help: "Read a password for the web pages from standard input (at least 10 characters).") var passwordStdin = false

        func validate() throws {
            if role.isUnitBound && unit == nil { throw ValidationError("an \(role.rawValue) account needs --unit CODE") }
        }

        func run() async throws {
            let context = CommandContext()
            let (name, role, unit, actor) = (name, role, unit, context.actor)
            let password = passwordStdin ? try UserCommand.readPassword(name) : nil
            _ = try await context.withDatabase { db in
                try await AccountService(db).add(username: name, role: role, unitCode: unit, password: password, actor: actor)
            }
            print("added \(name) (\(role.rawValue)\(unit.map { ", unit \($0)" } ?? ""))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        func run() async throws {
            let accounts = try await CommandContext().withDatabase { db in try await AccountService(db).list() }
            print(
                table(
                    [["name", "role", "unit", "disabled", "last used"]]
                        + accounts.map {
                            [
                                $0.username, $0.role.rawValue, $0.unitCode ?? "", $0.disabled ? "yes" : "",
                                $0.lastUsedAt.map(VietnamTime.minutes) ?? "",
                            ]
                        }))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: its sessions end and its tokens are revoked (enabling it again brings neither back).")
        @Argument var name: String
        func run() async throws {
            let context = CommandContext()
            let (name, actor) = (name, context.actor)
            try await context.withDatabase { db in try await AccountService(db).setDisabled(name, true, actor: actor) }
            print("disabled \(name)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @Argument var name: String
        func run() async throws {
            let context = CommandContext()
            let (name, actor) = (name, context.actor)
            try await context.withDatabase { db in try await AccountService(db).setDisabled(name, false, actor: actor) }
            print("enabled \(name)")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Set an account's password for the web pages, read from standard input (bcrypt; at least 10 characters); its sessions end and its tokens are revoked."
        )
        @Argument var name: String
        func run() async throws {
            let context = CommandContext()
            let (name, actor) = (name, context.actor)
            let password = try UserCommand.readPassword(name)
            try await context.withDatabase { db in try await AccountService(db).setPassword(name, password: password, actor: actor) }
            print("set the password of \(name)")
        }
    }
}
