import Foundation
import NIOSSL
import PostgresNIO

/// Where sipas finds PostgreSQL: `DATABASE_URL`, the libpq variables, or — with none of
/// them set — its own embedded cluster under `.sipas/` (or `$SIPAS_HOME`).
public struct DatabaseConfiguration: Sendable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case socket(path: String)
    }

    public enum TLSMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Set when the embedded cluster serves this configuration.
    public var embedded: EmbeddedCluster?
    /// The longest a statement of the pooled connections may run (`statement_timeout`), so a
    /// runaway query cannot hold a connection of the service; nil: the server's setting.
    public var statementTimeout: Duration? = nil

    public init(
        endpoint: Endpoint, username: String, password: String?, database: String, tls: TLSMode = .disable, embedded: EmbeddedCluster? = nil
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.embedded = embedded
    }

    /// Where the connection goes, for messages ("socket /x/.s.PGSQL.5432", "host db:5432").
    public var target: String {
        switch endpoint {
        case .tcp(let host, let port): return "host \(host) port \(port), database \(database), user \(username)"
        case .socket(let path): return "socket \(path), database \(database), user \(username)"
        }
    }

    /// The same server and database as another role (the service's login role).
    public func with(username: String, password: String? = nil) -> DatabaseConfiguration {
        var copy = self
        copy.username = username
        copy.password = password
        return copy
    }

    /// The same server, another database (tests create one database each).
    public func with(database: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// Reads the environment. Returns nil when nothing is configured (use the embedded cluster).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseConfiguration? {
        if let url = env["DATABASE_URL"], !url.isEmpty {
            return try parse(url: url, env: env)
        }
        let keys = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE"]
        guard keys.contains(where: { !(env[$0] ?? "").isEmpty }) else { return nil }
        let port = try parsePort(env["PGPORT"], source: "PGPORT")
        let user = nonEmpty(env["PGUSER"]) ?? nonEmpty(env["USER"]) ?? "postgres"
        let host = nonEmpty(env["PGHOST"]) ?? "/var/run/postgresql"
        return DatabaseConfiguration(
            endpoint: endpoint(host: host, port: port), username: user, password: nonEmpty(env["PGPASSWORD"]),
            database: nonEmpty(env["PGDATABASE"]) ?? user, tls: try tlsMode(env["PGSSLMODE"]))
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=…&host=/socket/dir`.
    public static func parse(url text: String, env: [String: String] = [:]) throws -> DatabaseConfiguration {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseError.configuration(
                "DATABASE_URL \"\(redacted(text))\" is not a postgres:// URL; expected postgres://user:password@host:port/database")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let port = try components.port ?? parsePort(query["port"], source: "DATABASE_URL port")
        let host = nonEmpty(components.host.flatMap { $0.removingPercentEncoding }) ?? nonEmpty(query["host"]) ?? "/var/run/postgresql"
        let user = nonEmpty(components.user?.removingPercentEncoding) ?? nonEmpty(query["user"]) ?? nonEmpty(env["USER"]) ?? "postgres"
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        return DatabaseConfiguration(
            endpoint: endpoint(host: host, port: port), username: user,
            password: components.password?.removingPercentEncoding ?? nonEmpty(query["password"]),
            database: nonEmpty(database.removingPercentEncoding) ?? user,
            tls: try tlsMode(query["sslmode"]))
    }

    static func endpoint(host: String, port: Int) -> Endpoint {
        host.hasPrefix("/") ? .socket(path: "\(host)/.s.PGSQL.\(port)") : .tcp(host: host, port: port)
    }

    static func parsePort(_ text: String?, source: String) throws -> Int {
        guard let text = nonEmpty(text) else { return 5432 }
        guard let port = Int(text), (1...65535).contains(port) else {
            throw DatabaseError.configuration("\(source) \"\(text)\" is not a port number; expected 1–65535")
        }
        return port
    }

    static func tlsMode(_ text: String?) throws -> TLSMode {
        guard let text = nonEmpty(text) else { return .prefer }
        guard let mode = TLSMode(rawValue: text) else {
            throw DatabaseError.configuration(
                "sslmode \"\(text)\" is not known; expected disable, allow, prefer, require, verify-ca or verify-full")
        }
        return mode
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"://([^:/@]*):[^@]*@"#, with: "://$1:***@", options: .regularExpression)
    }

    /// The PostgresNIO client configuration.
    public var clientConfiguration: PostgresClient.Configuration {
        var config: PostgresClient.Configuration
        switch endpoint {
        case .socket(let path):
            config = .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            config = .init(host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        }
        config.options.connectTimeout = .seconds(10)
        // sipas's queries are short aggregates: compiling them with JIT costs more than it
        // saves (about 65 ms on the province's report query).
        config.options.additionalStartupParameters = [("jit", "off")]
        if let statementTimeout {
            let milliseconds = statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
            config.options.additionalStartupParameters.append(("statement_timeout", "\(milliseconds)"))
        }
        return config
    }

    /// The configuration of a single connection (migrations, COPY, reachability checks).
    /// Throws when TLS is required but cannot be set up: never a silent plain connection.
    public var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            var config: PostgresConnection.Configuration
            switch endpoint {
            case .socket(let path):
                config = .init(unixSocketPath: path, username: username, password: password, database: database)
            case .tcp(let host, let port):
                config = .init(host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS)
            }
            config.options.connectTimeout = .seconds(5)
            return config
        }
    }

    private var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if self.tls != .verifyFull && self.tls != .verifyCA { tls.certificateVerification = .none }
        if self.tls == .verifyCA { tls.certificateVerification = .noHostnameVerification }
        return tls
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: return .require(tlsConfiguration)
        }
    }

    /// `allow`/`prefer` fall back to a plain connection when TLS cannot be set up, as libpq
    /// does; `require` and the verifying modes stop with the reason.
    var connectionTLS: PostgresConnection.Configuration.TLS {
        get throws {
            switch tls {
            case .disable: return .disable
            case .allow, .prefer: return (try? .prefer(.init(configuration: tlsConfiguration))) ?? .disable
            case .require, .verifyCA, .verifyFull:
                do {
                    return .require(try .init(configuration: tlsConfiguration))
                } catch {
                    throw DatabaseError.configuration(
                        "sslmode=\(tls.rawValue) requires TLS, but TLS could not be set up (\(error)); no plain connection is made")
                }
            }
        }
    }
}
