import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

/// Why a backup or a restore did not happen, for the front ends to word.
public enum BackupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file is not an archive of `pg_dump --format=custom` (it does not start with "PGDMP").
    case notAnArchive(path: String)
    /// The file cannot be read or written.
    case file(path: String, reason: String)
    /// The target database already holds tables: a restore goes into an empty database only.
    case notEmpty(database: String, tables: Int)
    /// No `pg_dump`/`pg_restore` of the server's major version or newer is installed.
    case toolMissing(tool: String, serverMajor: Int)
    /// The program found is older than the server, which it refuses to dump.
    case toolTooOld(tool: String, path: String, toolMajor: Int, serverMajor: Int)
    /// The program ran and failed.
    case failed(tool: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case .notAnArchive(let path):
            return "\(path) is not a pg_dump custom-format archive (it does not start with PGDMP); nothing was changed"
        case .file(let path, let reason):
            return "\(path): \(reason)"
        case .notEmpty(let database, let tables):
            return
                "the database \(database) already holds sipas data (\(tables) tables); restore into an empty database. Nothing was changed."
        case .toolMissing(let tool, let major):
            return
                "\(tool) for PostgreSQL \(major) was not found (looked in /usr/lib/postgresql/*/bin, pg_config --bindir and PATH); install postgresql-client-\(major)"
        case .toolTooOld(let tool, let path, let toolMajor, let serverMajor):
            return
                "\(path) is \(tool) of PostgreSQL \(toolMajor), older than the server (PostgreSQL \(serverMajor)), which it cannot read; install postgresql-client-\(serverMajor)"
        case .failed(let tool, let status, let output):
            let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(tool) failed (exit \(status))" + (text.isEmpty ? "" : ": \(text.suffix(1500))")
        }
    }
}

/// Backups with PostgreSQL's own tools: `pg_dump --format=custom` of the whole database (every
/// table, the scan images in `scan_pages` included), and `pg_restore` into an empty database.
/// The programs get the connection through the libpq environment (PGHOST, PGPORT, PGUSER,
/// PGDATABASE, PGPASSWORD, PGSSLMODE), never through arguments that `ps` would show.
public struct DatabaseBackup: Sendable {
    public let configuration: DatabaseConfiguration
    public let logger: Logger

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The tables whose rows a backup and a restore report.
    public static let mainTables = [
        "surveys", "units", "uploads", "responses", "tallies", "app_users", "monthly_reports", "scan_files", "scan_pages",
        "audit_events",
    ]

    public struct Summary: Sendable {
        public var file: URL
        public var bytes: Int64
        /// Rows of `mainTables` (those that exist), in that order, as the archive holds them.
        public var rows: [(table: String, count: Int64)]
        public var serverVersion: Int
    }

    // MARK: Backup

    /// Dumps the database into `file`: written to a hidden temporary file beside it, flushed to
    /// disk and renamed, so that `file` is either the whole archive or untouched. The row counts
    /// are read in the very snapshot pg_dump dumps (`--snapshot`).
    public func dump(to file: URL) async throws -> Summary {
        let folder = file.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).partial-\(getpid())")
        let fd = open(temporary.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw BackupError.file(path: temporary.path, reason: String(cString: strerror(errno))) }
        close(fd)
        do {
            let (rows, version) = try await Database.withConnection(configuration, logger: logger) { connection in
                let version = try await Self.serverVersion(connection, logger: logger)
                let tool = try Self.locate("pg_dump", serverVersion: version)
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                let snapshot = try await Self.single(connection, "SELECT pg_export_snapshot()", as: String.self, logger: logger) ?? ""
                let rows = try await Self.rowCounts(connection, logger: logger)
                let result = try await Self.runOffThread(
                    [tool, "--format=custom", "--snapshot=\(snapshot)", "--file=\(temporary.path)", "--no-password"],
                    environment: libpqEnvironment)
                try? await connection.query("COMMIT", logger: logger)
                guard result.status == 0 else { throw BackupError.failed(tool: "pg_dump", status: result.status, output: result.stderr) }
                return (rows, version)
            }
            try Self.syncFile(temporary)
            guard rename(temporary.path, file.path) == 0 else {
                throw BackupError.file(path: file.path, reason: String(cString: strerror(errno)))
            }
            Self.syncFolder(folder)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
            return Summary(file: file, bytes: bytes, rows: rows, serverVersion: version)
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    // MARK: Restore

    /// Whether `file` starts as a `pg_dump --format=custom` archive does ("PGDMP").
    public static func isArchive(_ file: URL) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw BackupError.file(path: file.path, reason: "cannot open the file; check the path")
        }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 5) ?? Data()
        return head == Data("PGDMP".utf8)
    }

    /// The tables of the database outside PostgreSQL's own schemas.
    public func tableCount() async throws -> Int {
        try await Database.withConnection(configuration, logger: logger) { connection in
            try await Self.tableCount(connection, logger: logger)
        }
    }

    /// Restores `file` into the configured database, which must hold no table: in one
    /// transaction (all of it or nothing), stopping at the first error, owned by the role that
    /// restores. The roles the schema grants to (`sipas_service`, `sipas_app`) are created first
    /// when missing, as migration 0006 does: roles belong to the cluster, not to the archive.
    public func restore(from file: URL) async throws -> Summary {
        guard try Self.isArchive(file) else { throw BackupError.notAnArchive(path: file.path) }
        let version = try await Database.withConnection(configuration, logger: logger) { connection in
            let version = try await Self.serverVersion(connection, logger: logger)
            let tables = try await Self.tableCount(connection, logger: logger)
            guard tables == 0 else { throw BackupError.notEmpty(database: configuration.database, tables: tables) }
            try await connection.query(
                """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sipas_service') THEN
                        CREATE ROLE sipas_service NOLOGIN;
                    END IF;
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sipas_app') THEN
                        CREATE ROLE sipas_app LOGIN IN ROLE sipas_service;
                    END IF;
                EXCEPTION
                    WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
                        NULL; -- an administrator creates them (README, "Security"); pg_restore says if they lack
                END
                $$
                """, logger: logger)
            return version
        }
        let tool = try Self.locate("pg_restore", serverVersion: version)
        let result = try await Self.runOffThread(
            [
                tool, "--exit-on-error", "--single-transaction", "--no-owner", "--no-password", "--dbname=\(configuration.database)",
                file.path,
            ], environment: libpqEnvironment)
        guard result.status == 0 else { throw BackupError.failed(tool: "pg_restore", status: result.status, output: result.stderr) }
        let rows = try await Database.withConnection(configuration, logger: logger) { connection in
            // Database-level grants are not in a pg_dump archive (migration 0006 gave them).
            try await connection.query(
                """
                DO $$
                BEGIN
                    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO sipas_service', current_database());
                EXCEPTION
                    WHEN undefined_object OR insufficient_privilege THEN NULL;
                END
                $$
                """, logger: logger)
            return try await Self.rowCounts(connection, logger: logger)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        return Summary(file: file, bytes: bytes, rows: rows, serverVersion: version)
    }

    // MARK: The programs

    /// The libpq variables of this configuration, added to this process's environment (from
    /// which any other PG* variable and DATABASE_URL are removed).
    var libpqEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") && $0.key != "DATABASE_URL" }
        switch configuration.endpoint {
        case .tcp(let host, let port):
            env["PGHOST"] = host
            env["PGPORT"] = String(port)
        case .socket(let path):
            let url = URL(fileURLWithPath: path)
            env["PGHOST"] = url.deletingLastPathComponent().path
            env["PGPORT"] = url.lastPathComponent.split(separator: ".").last.map(String.init) ?? "5432"
        }
        env["PGUSER"] = configuration.username
        env["PGDATABASE"] = configuration.database
        env["PGSSLMODE"] = configuration.tls.rawValue
        env["PGCONNECT_TIMEOUT"] = "10"
        if let password = configuration.password { env["PGPASSWORD"] = password }
        return env
    }

    /// Runs a program on a thread of its own (waiting for it does not hold one of Swift's
    /// few cooperative threads for minutes).
    static func runOffThread(_ argv: [String], environment: [String: String]) async throws -> ChildProcess.Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result(catching: { try ChildProcess.run(argv, environment: environment, separateErrors: true) }))
            }
            thread.start()
        }
    }

    /// Finds `tool` for a server of `serverVersion` (`server_version_num`): the bin folder of
    /// the server's own major version first, then `pg_config --bindir`, PATH and the other
    /// installed versions, newest first. A program older than the server is refused with the
    /// reason (pg_dump would stop at "server version mismatch").
    static func locate(_ tool: String, serverVersion: Int) throws -> String {
        let major = serverVersion / 10000
        let fm = FileManager.default
        var candidates = ["/usr/lib/postgresql/\(major)/bin/\(tool)"]
        if let bindir = try? ChildProcess.run(["/bin/sh", "-c", "pg_config --bindir 2>/dev/null"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines), !bindir.isEmpty
        {
            candidates.append("\(bindir)/\(tool)")
        }
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for v in versions.compactMap(Int.init).sorted(by: >) where v > major {
                candidates.append("/usr/lib/postgresql/\(v)/bin/\(tool)")
            }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(dir)/\(tool)")
        }
        return try choose(tool, serverMajor: major, candidates: candidates)
    }

    /// The first of `candidates` that runs and is of `major` or newer.
    static func choose(_ tool: String, serverMajor major: Int, candidates: [String]) throws -> String {
        let fm = FileManager.default
        var tooOld: (path: String, major: Int)?
        for path in candidates where fm.isExecutableFile(atPath: path) {
            guard let found = try? toolMajorVersion(path) else { continue }
            if found >= major { return path }
            if tooOld == nil { tooOld = (path, found) }
        }
        if let tooOld { throw BackupError.toolTooOld(tool: tool, path: tooOld.path, toolMajor: tooOld.major, serverMajor: major) }
        throw BackupError.toolMissing(tool: tool, serverMajor: major)
    }

    /// The major version a program says (`pg_dump (PostgreSQL) 15.4` → 15).
    static func toolMajorVersion(_ path: String) throws -> Int? {
        let output = try ChildProcess.run([path, "--version"]).stdout
        guard let word = output.split(separator: " ").last(where: { $0.first?.isNumber == true }) else { return nil }
        return Int(word.prefix { $0.isNumber })
    }

    // MARK: Queries

    static func serverVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let text = try await single(connection, "SELECT current_setting('server_version_num')", as: String.self, logger: logger)
        return Int(text ?? "") ?? 0
    }

    static func tableCount(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await single(
            connection,
            """
            SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """, as: Int.self, logger: logger) ?? 0
    }

    /// Rows of each of `mainTables` that exists (an older schema may lack some).
    static func rowCounts(_ connection: PostgresConnection, logger: Logger) async throws -> [(table: String, count: Int64)] {
        var present: Set<String> = []
        let rows = try await connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY(\(mainTables))", logger: logger)
        for try await name in rows.decode(String.self) { present.insert(name) }
        var counts: [(table: String, count: Int64)] = []
        for table in mainTables where present.contains(table) {
            let n = try await single(connection, "SELECT count(*) FROM \(Database.quoteIdentifier(table))", as: Int64.self, logger: logger)
            counts.append((table, n ?? 0))
        }
        return counts
    }

    static func single<T: PostgresDecodable>(_ connection: PostgresConnection, _ sql: String, as: T.Type, logger: Logger) async throws
        -> T?
    {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(T.self) { return value }
        return nil
    }

    // MARK: Files

    static func syncFile(_ file: URL) throws {
        let fd = open(file.path, O_RDONLY)
        guard fd >= 0 else { throw BackupError.file(path: file.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BackupError.file(path: file.path, reason: "fsync: \(String(cString: strerror(errno)))") }
    }

    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
