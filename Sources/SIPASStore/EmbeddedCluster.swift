import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// sipas's own PostgreSQL cluster in a local folder (`.sipas/` in the working folder, or
/// `$SIPAS_HOME`): created with `initdb`, started with `pg_ctl` on a Unix socket only when
/// first needed, and left running. PostgreSQL refuses to run as root, so as root the server
/// programs run as the `postgres` system user, which owns the data folder.
public struct EmbeddedCluster: Sendable {
    public let home: URL
    public static let superuser = "sipas"
    /// The login role the service and the data commands use: a member of `sipas_service`
    /// (schema 0006), which reads and writes data but changes no table and never rewrites the
    /// audit trail. The superuser migrates.
    public static let serviceUser = "sipas_app"
    public static let database = "sipas"
    public static let port = 5432

    public init(home: URL) {
        self.home = home
    }

    /// `$SIPAS_HOME`, or `.sipas/` in the working folder.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedCluster {
        if let home = env["SIPAS_HOME"], !home.isEmpty {
            return EmbeddedCluster(home: URL(fileURLWithPath: home, isDirectory: true).standardizedFileURL)
        }
        let cwd = FileManager.default.currentDirectoryPath
        return EmbeddedCluster(home: URL(fileURLWithPath: cwd, isDirectory: true).appendingPathComponent(".sipas", isDirectory: true))
    }

    public var dataDirectory: URL { home.appendingPathComponent("pgdata", isDirectory: true) }
    public var socketDirectory: URL { home.appendingPathComponent("run", isDirectory: true) }
    public var logFile: URL { home.appendingPathComponent("postgresql.log") }
    public var socketPath: String { socketDirectory.path + "/.s.PGSQL.\(Self.port)" }

    /// The connection to the embedded cluster's `sipas` database.
    /// How the owner (the cluster's superuser) connects: migrations, `sipas db`.
    public var configuration: DatabaseConfiguration {
        DatabaseConfiguration(
            endpoint: .socket(path: socketPath), username: Self.superuser, password: nil,
            database: Self.database, tls: .disable, embedded: self)
    }

    /// How the service and the data commands connect: as `serviceUser`.
    public var serviceConfiguration: DatabaseConfiguration {
        configuration.with(username: Self.serviceUser)
    }

    public enum Status: Equatable, Sendable {
        case notCreated, stopped, running
    }

    public func status() throws -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else {
            return .notCreated
        }
        let result = try run(tool: "pg_ctl", ["-D", dataDirectory.path, "status"])
        return result.status == 0 ? .running : .stopped
    }

    /// Creates the cluster if needed and starts it if it is not running. Safe to call from
    /// several processes at once (a lock file serialises them). Returns what it did.
    @discardableResult
    public func start() throws -> [String] {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return try withLock {
            var done: [String] = []
            if try status() == .notCreated {
                try initialise()
                done.append("created the embedded PostgreSQL cluster in \(dataDirectory.path)")
            }
            if try status() != .running {
                try prepareSocketDirectory()
                let result = try run(
                    tool: "pg_ctl",
                    [
                        "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60",
                        "-o", "-k \(socketDirectory.path) -c listen_addresses= -p \(Self.port)", "start",
                    ])
                guard result.status == 0 else {
                    throw DatabaseError.embedded(
                        "could not start the embedded PostgreSQL (pg_ctl exit \(result.status)): \(result.output.suffix(600))\nSee \(logFile.path)."
                    )
                }
                done.append("started the embedded PostgreSQL (socket \(socketDirectory.path))")
            }
            return done
        }
    }

    /// Stops the cluster if it runs; the data stay.
    public func stop() throws -> Bool {
        guard try status() == .running else { return false }
        let result = try run(tool: "pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"])
        guard result.status == 0 else {
            throw DatabaseError.embedded("could not stop the embedded PostgreSQL: \(result.output.suffix(600))")
        }
        return true
    }

    private func initialise() throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try handOver(dataDirectory)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory.path)
        let result = try run(
            tool: "initdb",
            [
                "-D", dataDirectory.path, "-U", Self.superuser, "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-instructions",
            ])
        guard result.status == 0 else {
            throw DatabaseError.embedded("initdb failed (exit \(result.status)): \(result.output.suffix(800))")
        }
    }

    private func prepareSocketDirectory() throws {
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try handOver(socketDirectory)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory.path)
        try handOver(home, recursive: false)
        if FileManager.default.fileExists(atPath: logFile.path) { try handOver(logFile, recursive: false) }
    }

    // MARK: Running the server programs

    static var isRoot: Bool { geteuid() == 0 }

    /// As root, gives a folder to the `postgres` user, which runs the server.
    private func handOver(_ url: URL, recursive: Bool = true) throws {
        guard Self.isRoot else { return }
        guard let pw = getpwnam("postgres") else {
            throw DatabaseError.postgresMissing(
                "running as root, the embedded PostgreSQL needs the system user \"postgres\" (created by the Debian package postgresql): apt-get install postgresql"
            )
        }
        let uid = pw.pointee.pw_uid
        let gid = pw.pointee.pw_gid
        chown(url.path, uid, gid)
        if recursive, let enumerator = FileManager.default.enumerator(atPath: url.path) {
            for case let relative as String in enumerator {
                chown(url.appendingPathComponent(relative).path, uid, gid)
            }
        }
    }

    private func run(tool: String, _ arguments: [String]) throws -> ChildProcess.Result {
        let executable = try Self.locate(tool)
        let argv = Self.isRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        return try ChildProcess.run(argv, directory: home.path)
    }

    /// Finds a PostgreSQL server program: on PATH, in `pg_config --bindir`, or in Debian's
    /// `/usr/lib/postgresql/<version>/bin` (which is not on PATH).
    static func locate(_ tool: String) throws -> String {
        let fm = FileManager.default
        var candidates: [String] = []
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(dir)/\(tool)")
        }
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                candidates.append("/usr/lib/postgresql/\(v)/bin/\(tool)")
            }
        }
        if let found = candidates.first(where: { fm.isExecutableFile(atPath: $0) }) { return found }
        throw DatabaseError.postgresMissing(
            "PostgreSQL's server program \(tool) was not found. Install the Debian packages postgresql and libpq-dev (sudo apt-get install postgresql libpq-dev, or run Scripts/setup), or set DATABASE_URL to use an existing server."
        )
    }

    /// Holds an exclusive lock on `home/lock` while `body` runs.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = home.appendingPathComponent("lock").path
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw DatabaseError.embedded("cannot open the lock file \(path)") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
