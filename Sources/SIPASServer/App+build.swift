import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SIPASStore
import SIPASUseCases

/// The router of the service; tests call it too, so test wiring is production wiring.
public func buildRouter(database: Database, configuration: ServerConfiguration) -> Router<AppContext> {
    let registry = MetricsRegistry.registry
    let router = Router(context: AppContext.self)
    router.add(middleware: SecurityHeadersMiddleware(secure: configuration.secureCookies))
    router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    let availability = DatabaseAvailability()
    router.add(middleware: DatabaseGuardMiddleware(db: database, availability: availability))
    let tokens = TokenCache()
    router.add(middleware: AuthMiddleware(accounts: AccountStore(database), tokens: tokens))

    router.get("/healthz") { _, _ -> Response in
        guard await availability.health(database, deadline: .seconds(2)) else {
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
        server: .http1(configuration: .init(idleTimeout: .init(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sipas"),
        services: [
            MonthlyReportScheduler(
                db: database, day: configuration.monthlyReportDay, interval: configuration.schedulerInterval, logger: logger),
            SubmissionFoldingService(db: database, interval: configuration.foldInterval, logger: logger),
        ],
        logger: logger)
}
