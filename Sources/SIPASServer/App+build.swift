import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SIPASStore
import SIPASUseCases

/// Settings of `sipas serve`.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The largest file accepted by the upload routes.
    public var maxUploadBytes: Int
    /// The day of the month on which last month's report is generated (0: never).
    public var monthlyReportDay: Int
    /// How often the scheduler looks whether a monthly report is due.
    public var schedulerInterval: Duration
    /// How often stored submissions are folded into their monthly vectors.
    public var foldInterval: Duration
    /// Session cookies only over HTTPS (set when sipas runs behind a TLS proxy).
    public var secureCookies: Bool
    /// How long a browser session lasts.
    public var sessionLifetime: TimeInterval
    /// bcrypt's cost for passwords set through the web pages.
    public var bcryptCost: UInt8

    public init(host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 50 * 1024 * 1024, monthlyReportDay: Int = 5,
                schedulerInterval: Duration = .seconds(3600), foldInterval: Duration = .seconds(2), secureCookies: Bool = false, sessionLifetime: TimeInterval = 8 * 3600,
                bcryptCost: UInt8 = 12) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.monthlyReportDay = monthlyReportDay
        self.schedulerInterval = schedulerInterval
        self.foldInterval = foldInterval
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
    }
}

/// The Prometheus registry, bootstrapped once per process.
enum Metrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// The router of the service; tests call it too, so test wiring is production wiring.
public func buildRouter(database: Database, configuration: ServerConfiguration) -> Router<AppContext> {
    let registry = Metrics.registry
    let router = Router(context: AppContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    let availability = DatabaseAvailability()
    router.add(middleware: DatabaseGuardMiddleware(db: database, availability: availability))
    let tokens = TokenCache()
    router.add(middleware: AuthMiddleware(accounts: AccountStore(database), tokens: tokens))

    router.get("/healthz") { _, _ -> Response in
        guard await DatabaseAvailability.probe(database, deadline: .seconds(2)) else {
            await availability.markDown()
            var response = try Response.json(Health(status: "unavailable", database: "unreachable"), status: .serviceUnavailable)
            response.headers[.retryAfter] = "2"
            return response
        }
        return try Response.json(Health(status: "ok", database: "ok"))
    }
    router.get("/metrics") { _, _ -> Response in
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    router.get("/openapi.json") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    APIController(db: database, configuration: configuration).register(on: router)
    WebController(db: database, configuration: configuration, tokens: tokens).register(on: router)
    return router
}

/// The application: the router, served on the configured address, with the database
/// client running as a service beside it (graceful shutdown on SIGTERM/SIGINT).
public func buildApplication(database: Database, configuration: ServerConfiguration, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(database: database, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sipas"),
        services: [
            MonthlyReportScheduler(db: database, day: configuration.monthlyReportDay, interval: configuration.schedulerInterval, logger: logger),
            SubmissionFoldingService(db: database, interval: configuration.foldInterval, logger: logger),
        ],
        logger: logger)
}
