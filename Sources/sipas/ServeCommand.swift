import ArgumentParser
import Foundation
import Hummingbird
import SIPASServer
import SIPASStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the JSON API: /healthz, /metrics, /openapi.json and /api/… (API tokens from `sipas user token`).")
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port.") var port = 8080
    @Option(help: "The largest upload accepted, in MB.") var maxUploadMB = 50

    func run() async throws {
        let context = CommandContext()
        let configuration = ServerConfiguration(host: host, port: port, maxUploadBytes: maxUploadMB * 1_048_576)
        let logger = context.logger
        try await context.withDatabase { db in
            try await buildApplication(database: db, configuration: configuration, logger: logger).runService()
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts of the service and their API tokens.",
        subcommands: [Add.self, List.self, Disable.self, Token.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account: admin, analyst, uploader (with --unit) or viewer.")
        @Argument(help: "The account name (a-z, 0-9, . _ -).") var name: String
        @Option(help: "admin, analyst, uploader or viewer.") var role: String
        @Option(help: "An uploader's unit code: it acts for this unit and the units below it.") var unit: String?

        func validate() throws {
            guard ["admin", "analyst", "uploader", "viewer"].contains(role) else { throw ValidationError("--role: expected admin, analyst, uploader or viewer") }
            if role == "uploader" && unit == nil { throw ValidationError("an uploader needs --unit CODE") }
        }

        func run() async throws {
            let context = CommandContext()
            let (name, role, unit, actor) = (name, role, unit, context.actor)
            _ = try await context.withDatabase { db in try await AccountStore(db).add(username: name, role: role, unitCode: unit, passwordHash: nil, actor: actor) }
            print("added \(name) (\(role)\(unit.map { ", unit \($0)" } ?? ""))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        func run() async throws {
            let accounts = try await CommandContext().withDatabase { db in try await AccountStore(db).list() }
            print(table([["name", "role", "unit", "disabled"]] + accounts.map { [$0.username, $0.role, $0.unitCode ?? "", $0.disabled ? "yes" : ""] }))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account (its tokens stop working).")
        @Argument var name: String
        func run() async throws {
            let context = CommandContext()
            let (name, actor) = (name, context.actor)
            try await context.withDatabase { db in try await AccountStore(db).setDisabled(name, true, actor: actor) }
            print("disabled \(name)")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token; it is shown once and stored only as a hash.")
        @Argument var name: String
        @Option(help: "What the token is for, e.g. kiosk-1.") var label = ""
        func run() async throws {
            let context = CommandContext()
            let (name, label, actor) = (name, label, context.actor)
            let token = try await context.withDatabase { db in try await AccountStore(db).createToken(for: name, label: label, actor: actor) }
            print(token)
        }
    }
}
