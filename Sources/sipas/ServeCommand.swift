import ArgumentParser
import Foundation
import Hummingbird
import SIPASCore
import SIPASServer
import SIPASStore
import SIPASUseCases

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
    @Flag(
        help:
            "Send cookies over HTTPS only and answer with HSTS even on a loopback address (behind a TLS proxy on this machine); the default off loopback."
    )
    var secureCookies = false
    @Flag(help: "Allow session cookies over plain HTTP on a non-loopback address (a closed network without TLS; not advised).")
    var insecureCookies = false
    @Option(
        name: .customLong("trusted-proxy"),
        help: "A reverse proxy (address or CIDR range) whose X-Forwarded-For gives the client's address; repeat for several.")
    var trustedProxies: [String] = []
    @Option(help: "How long a browser session lasts, in hours.") var sessionHours = 8
    @Option(
        help: "How often kiosk and portal submissions are folded into their monthly counts, in seconds (reports count them either way).")
    var foldSeconds = 2
    @Option(help: "The longest one database statement of the service may run, in seconds.") var statementTimeoutSeconds = 120
    @Option(help: "Close a connection that sends no request for this many seconds (slow or idle clients).") var idleTimeoutSeconds = 30
    @Option(
        help:
            "How many single questionnaires one API token may send a minute (as many at once), e.g. 60 or 60/min; 0 or off: no limit. Beyond it: 429 with Retry-After."
    )
    var submissionRate = "60/min"
    @Option(help: "How many questionnaires one public link (sipas collect link) takes a minute; 0 or off: no limit.")
    var linkRate = "30/min"
    @Option(help: "How many public questionnaires one client address may send a minute, through all links; 0 or off: no limit.")
    var addressRate = "20/min"
    @Option(
        help:
            "Public answers posted sooner than this many seconds per question after the form was opened are stored but flagged (sipas report --exclude-flagged)."
    )
    var secondsPerQuestion = 1.0
    @Option(help: "Public answers beyond this many from one client address within --burst-minutes are stored but flagged.")
    var burstLimit = 5
    @Option(help: "The window of --burst-limit, in minutes.")
    var burstMinutes = 10
    @Option(
        help:
            "Single questionnaires may be dated in this many calendar months, today's included (2: this month and the last); 0: no lower limit. Imported files are not limited."
    )
    var submissionMonths = 2
    @Option(help: "Stop a streamed export whose client reads nothing for this many seconds (its database connection is freed).")
    var writeTimeoutSeconds = 30
    @Option(help: "Imports (uploads) run at once; more wait (--max-waiting-imports), beyond that 503. Default: one per core.")
    var maxImports = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Imports that wait for one running to finish.") var maxWaitingImports = 8
    @Option(help: "Reports and exports made at once; more wait (--max-waiting-reports), beyond that 503. Default: two per core.")
    var maxReports = 2 * ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Reports and exports that wait for one being made to finish.") var maxWaitingReports = 32
    @Option(
        help:
            "Take a backup every night (pg_dump custom format, scan images included) into this folder, as sipas-YYYY-MM-DD-HHMMSS.dump."
    )
    var backupDir: String?
    @Option(help: "How many nightly backups to keep in --backup-dir (the newest; other files are left alone).")
    var backupKeep = 7
    @Option(help: "The hour of the nightly backup, Vietnam's time (0–23).") var backupHour = 2

    func validate() throws {
        guard (0...28).contains(monthlyReportDay) else {
            throw ValidationError("--monthly-report-day \(monthlyReportDay): expected 0 (never) or a day 1–28")
        }
        guard maxUploadMB > 0 else { throw ValidationError("--max-upload-mb must be positive") }
        guard sessionHours > 0 else { throw ValidationError("--session-hours must be positive") }
        guard statementTimeoutSeconds > 0, idleTimeoutSeconds > 0 else {
            throw ValidationError("--statement-timeout-seconds and --idle-timeout-seconds must be positive")
        }
        guard writeTimeoutSeconds > 0, maxImports > 0, maxReports > 0 else {
            throw ValidationError("--write-timeout-seconds, --max-imports and --max-reports must be positive")
        }
        guard maxWaitingImports >= 0, maxWaitingReports >= 0 else {
            throw ValidationError("--max-waiting-imports and --max-waiting-reports must be 0 or more")
        }
        guard foldSeconds > 0 else { throw ValidationError("--fold-seconds must be positive") }
        for (flag, value) in [("--link-rate", linkRate), ("--address-rate", addressRate)] where SubmissionRate(value) == nil {
            throw ValidationError("\(flag) \(value): expected a number a minute (30 or 30/min), or 0 or off")
        }
        guard SubmissionRate(submissionRate) != nil else {
            throw ValidationError("--submission-rate \(submissionRate): expected a number a minute (60 or 60/min), or 0 or off")
        }
        guard (0...120).contains(submissionMonths) else {
            throw ValidationError("--submission-months \(submissionMonths): expected 0 (no lower limit) to 120")
        }
        guard !(secureCookies && insecureCookies) else {
            throw ValidationError("--secure-cookies and --insecure-cookies exclude each other")
        }
        if case .failure(let error) = TrustedProxies.parse(trustedProxies) { throw ValidationError(error.description) }
        guard backupKeep >= 1 else { throw ValidationError("--backup-keep \(backupKeep): expected 1 or more") }
        guard (0...23).contains(backupHour) else { throw ValidationError("--backup-hour \(backupHour): expected an hour 0–23") }
        if let backupDir, backupDir.isEmpty { throw ValidationError("--backup-dir: expected a folder") }
    }

    func run() async throws {
        let context = CommandContext()
        let secure = secureCookies || (!insecureCookies && ServerConfiguration.defaultSecureCookies(host: host))
        var configuration = ServerConfiguration(
            host: host, port: port, maxUploadBytes: maxUploadMB * 1_048_576, monthlyReportDay: monthlyReportDay,
            foldInterval: .seconds(foldSeconds), secureCookies: secure, sessionLifetime: TimeInterval(sessionHours) * 3600)
        configuration.trustedProxies = try TrustedProxies.parse(trustedProxies).get()
        configuration.idleTimeout = .seconds(idleTimeoutSeconds)
        configuration.submissionRate = SubmissionRate(submissionRate) ?? .standard
        configuration.linkRate = SubmissionRate(linkRate) ?? configuration.linkRate
        configuration.addressRate = SubmissionRate(addressRate) ?? configuration.addressRate
        configuration.screening = AnswerScreening.Policy(
            secondsPerQuestion: max(0, secondsPerQuestion), burstLimit: max(0, burstLimit), burstWindow: .seconds(60 * max(1, burstMinutes))
        )
        configuration.submissionWindow = SubmissionWindow(months: submissionMonths)
        configuration.writeTimeout = .seconds(writeTimeoutSeconds)
        configuration.imports = WorkGate(.importing, running: maxImports, waiting: maxWaitingImports)
        configuration.reports = WorkGate(.report, running: maxReports, waiting: maxWaitingReports)
        if let backupDir {
            // The owner's connection (the embedded cluster's superuser): it reads every table.
            let owner = try await Database.resolveConfiguration(logger: context.logger)
            configuration.backup = NightlyBackup.Settings(
                folder: URL(fileURLWithPath: backupDir, isDirectory: true).standardizedFileURL, keep: backupKeep, hour: backupHour,
                database: owner)
        }
        OpenFiles.raiseLimit()
        let settings = configuration
        let logger = context.logger
        try await context.withDatabase(statementTimeout: .seconds(statementTimeoutSeconds)) { db in
            try await buildApplication(database: db, configuration: settings, logger: logger).runService()
        }
    }
}
