import ArgumentParser
import Foundation
import Hummingbird
import SIPASServer
import SIPASStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the service: web pages for people (sign in with `sipas user add … --password-stdin`), the JSON API at /api/… (tokens from `sipas user token`), /healthz, /metrics, /openapi.json."
    )
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port.") var port = 8080
    @Option(help: "The largest upload accepted, in MB.") var maxUploadMB = 50
    @Option(help: "The day of each month on which last month's report is generated and kept (0: never).") var monthlyReportDay = 5
    @Flag(help: "Send session cookies over HTTPS only (when sipas runs behind a TLS proxy).") var secureCookies = false
    @Option(help: "How long a browser session lasts, in hours.") var sessionHours = 8
    @Option(
        help: "How often kiosk and portal submissions are folded into their monthly counts, in seconds (reports count them either way).")
    var foldSeconds = 2

    func validate() throws {
        guard (0...28).contains(monthlyReportDay) else {
            throw ValidationError("--monthly-report-day \(monthlyReportDay): expected 0 (never) or a day 1–28")
        }
        guard maxUploadMB > 0 else { throw ValidationError("--max-upload-mb must be positive") }
        guard sessionHours > 0 else { throw ValidationError("--session-hours must be positive") }
        guard foldSeconds > 0 else { throw ValidationError("--fold-seconds must be positive") }
    }

    func run() async throws {
        let context = CommandContext()
        let configuration = ServerConfiguration(
            host: host, port: port, maxUploadBytes: maxUploadMB * 1_048_576, monthlyReportDay: monthlyReportDay,
            foldInterval: .seconds(foldSeconds), secureCookies: secureCookies, sessionLifetime: TimeInterval(sessionHours) * 3600)
        let logger = context.logger
        try await context.withDatabase { db in
            try await buildApplication(database: db, configuration: configuration, logger: logger).runService()
        }
    }
}
