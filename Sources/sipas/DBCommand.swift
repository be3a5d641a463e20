import ArgumentParser
import Foundation
import SIPASStore
import SIPASUseCases

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database: apply migrations, start or stop the embedded PostgreSQL, back it up and restore it.",
        subcommands: [Migrate.self, Start.self, Stop.self, Status.self, Backup.self, Restore.self]
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

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a backup of the whole database with PostgreSQL's pg_dump (custom format, scan images included).",
            discussion:
                "The file is written beside its final name and renamed when complete: an interrupted backup leaves no partial file under that name. Restore it with `sipas db restore FILE` into an empty database."
        )
        @Option(name: .shortAndLong, help: "The backup file (default: sipas-YYYY-MM-DD-HHMMSS.dump in the current folder).")
        var output: String?

        func run() async throws {
            let context = CommandContext()
            let configuration = try await Database.resolveConfiguration(logger: context.logger)
            let file = URL(fileURLWithPath: output ?? BackupService.fileName(at: Date())).standardizedFileURL
            let outcome = try await BackupService(configuration: configuration, logger: context.logger).backup(
                to: file, actor: context.actor)
            print("Backup written: \(file.path) (\(DBCommand.size(outcome.summary.bytes)), SHA-256 \(outcome.sha256))")
            print("From \(configuration.target) (PostgreSQL \(outcome.summary.serverVersion / 10000)); rows in the backup:")
            print(DBCommand.rows(outcome.summary))
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup of `sipas db backup` into an empty database (one transaction: all of it or nothing).",
            discussion:
                "The database configured (DATABASE_URL, PG* variables, or the embedded one) must hold no table: for the embedded database, stop it and move its folder aside first."
        )
        @Argument(help: "The backup file.") var file: String

        func run() async throws {
            let context = CommandContext()
            let url = URL(fileURLWithPath: file).standardizedFileURL
            // The file first: nothing is started or connected for a file that is no backup.
            guard try DatabaseBackup.isArchive(url) else { throw BackupError.notAnArchive(path: url.path) }
            let configuration = try await Database.resolveConfiguration(logger: context.logger)
            let outcome = try await BackupService(configuration: configuration, logger: context.logger).restore(
                from: url, actor: context.actor)
            print(
                "Restored \(url.path) (\(DBCommand.size(outcome.summary.bytes)), SHA-256 \(outcome.sha256)) into \(configuration.target).")
            print("Rows restored:")
            print(DBCommand.rows(outcome.summary))
        }
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.1f kB", Double(bytes) / 1024)
    }

    static func rows(_ summary: DatabaseBackup.Summary) -> String {
        table(summary.rows.map { ["  " + $0.table, String($0.count)] })
    }
}
