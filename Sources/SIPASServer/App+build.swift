import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SIPASStore
import SIPASUseCases

/// The router of the service; tests call it too, so test wiring is production wiring. Its
/// routes are the route table (`RouteTable.all`): a path asked for with a method it does not
/// take is answered 405 with `Allow`; HEAD is answered wherever GET is.
public func buildRouter(database: Database, configuration: ServerConfiguration) -> Router<AppContext> {
    _ = MetricsRegistry.registry
    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware(secure: configuration.secureCookies))
    router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MethodNotAllowedMiddleware(routes: RouteTable.all))
    router.add(middleware: NULCharacterMiddleware())
    let availability = DatabaseAvailability()
    router.add(middleware: DatabaseGuardMiddleware(db: database, availability: availability))
    let tokens = TokenCache()
    router.add(middleware: AuthMiddleware(accounts: AccountStore(database), tokens: tokens))
    APIController(db: database, configuration: configuration, availability: availability).register(on: router)
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
            NightlyBackup(settings: configuration.backup, logger: logger),
        ],
        logger: logger)
}
