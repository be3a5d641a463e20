import ArgumentParser
import Foundation
import SIPASStore

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database: apply migrations, start or stop the embedded PostgreSQL.",
        subcommands: [Migrate.self, Start.self, Stop.self, Status.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the pending migrations of Schema/ (safe to run twice, or from two terminals at once).")
        @Flag(name: .shortAndLong, help: "Log what happens.") var verbose = false

        func run() async throws {
            let context = CommandContext(verbose: verbose)
            let configuration = try await Database.resolveConfiguration(logger: context.logger)
            let report = try await context.migrator().migrate(configuration, logger: context.logger)
            if report.applied.isEmpty {
                print("The schema is up to date (\(report.alreadyApplied) migration(s) applied earlier); nothing changed.")
            } else {
                for name in report.applied { print("applied \(name)") }
                print("\(report.applied.count) migration(s) applied on \(configuration.target).")
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (if needed) and start the embedded PostgreSQL in ./.sipas or $SIPAS_HOME.")

        func run() async throws {
            let context = CommandContext()
            let cluster = EmbeddedCluster.fromEnvironment()
            let done = try cluster.start()
            try await Database.createDatabaseIfMissing(cluster.configuration, logger: context.logger)
            print(
                done.isEmpty
                    ? "The embedded PostgreSQL is already running (socket \(cluster.socketDirectory.path))." : done.joined(separator: "\n"))
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded PostgreSQL (its data stay).")

        func run() async throws {
            let cluster = EmbeddedCluster.fromEnvironment()
            print(
                try cluster.stop()
                    ? "Stopped the embedded PostgreSQL in \(cluster.dataDirectory.path)." : "The embedded PostgreSQL is not running.")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say which database sipas uses and whether it answers.")

        func run() async throws {
            let context = CommandContext()
            if let configured = try DatabaseConfiguration.fromEnvironment() {
                print("Configured database: \(configured.target)")
                do {
                    let pending = try await Database.withConnection(configured, logger: context.logger) { connection in
                        try await context.migrator().pending(connection, logger: context.logger)
                    }
                    print(
                        pending.isEmpty
                            ? "It answers; the schema is up to date."
                            : "It answers; \(pending.count) migration(s) pending: run `sipas db migrate`.")
                } catch {
                    print("It does not answer: \(error)")
                    throw ExitCode(3)
                }
                return
            }
            let cluster = EmbeddedCluster.fromEnvironment()
            switch try cluster.status() {
            case .notCreated: print("Embedded database: not created yet in \(cluster.home.path) (any command that needs it creates it).")
            case .stopped: print("Embedded database: stopped (\(cluster.dataDirectory.path)); `sipas db start` starts it.")
            case .running: print("Embedded database: running, socket \(cluster.socketPath).")
            }
        }
    }
}
