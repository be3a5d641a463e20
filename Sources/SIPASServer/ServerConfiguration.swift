import Foundation
import SIPASCore
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
    /// Browsers reach sipas over HTTPS: cookies are `Secure` and answers carry HSTS.
    /// `sipas serve` sets it unless it listens on loopback only (see `defaultSecureCookies`).
    public var secureCookies: Bool
    /// Reverse proxies whose `X-Forwarded-For` gives the client's address.
    public var trustedProxies: TrustedProxies = .none
    /// How failed sign-ins slow further attempts of the same name and address.
    public var signInPolicy = SignIn.Policy()
    /// A connection that sends no (complete) request for this long is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// Imports (API and web uploads) running at once, and waiting beyond them; more are
    /// answered 503 with Retry-After. Default: one per core, 8 waiting.
    public var imports = WorkGate(.importing, running: ProcessInfo.processInfo.activeProcessorCount, waiting: 8)
    /// Reports, comparisons, exports and monthly reports made at once, and waiting beyond them.
    /// Default: two per core, 32 waiting.
    public var reports = WorkGate(.report, running: 2 * ProcessInfo.processInfo.activeProcessorCount, waiting: 32)
    /// A streamed export whose client reads nothing for this long is stopped: its database
    /// connection goes back to the pool and the connection is closed.
    public var writeTimeout: Duration = .seconds(30)
    /// Where uploads are received (a folder of their own each, removed after the import).
    public var uploadFolder = FileManager.default.temporaryDirectory
    /// How long a browser session lasts.
    public var sessionLifetime: TimeInterval
    /// bcrypt's cost for passwords set through the web pages.
    public var bcryptCost: UInt8
    /// How many single questionnaires one API token may send (`--submission-rate`).
    public var submissionRate = SubmissionRate.standard
    /// How many questionnaires one public link takes (`--link-rate`), and one client address
    /// through all links (`--address-rate`); beyond them the form answers 429 and keeps its answers.
    public var linkRate = SubmissionRate(perMinute: 30)
    public var addressRate = SubmissionRate(perMinute: 20)
    /// Which public answers are flagged: sooner than a second a question, more than five
    /// from one address in ten minutes.
    public var screening = AnswerScreening.Policy.standard
    /// The dates a single questionnaire may carry (`--submission-months`).
    public var submissionWindow = SubmissionWindow.standard
    /// The nightly backup (`--backup-dir`); nil: none.
    public var backup: NightlyBackup.Settings? = nil
    /// Today's date in Vietnam, for the submission window; tests fix it.
    public var today: @Sendable () -> CalendarDate = { CalendarDate.today() }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 50 * 1024 * 1024, monthlyReportDay: Int = 5,
        schedulerInterval: Duration = .seconds(3600), foldInterval: Duration = .seconds(2), secureCookies: Bool = false,
        sessionLifetime: TimeInterval = 8 * 3600,
        bcryptCost: UInt8 = 12
    ) {
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

    /// Whether cookies should be `Secure` by default when listening on `host`: yes, except on
    /// loopback (a browser on the same machine, or a TLS proxy in front of it that forwards
    /// over loopback and is expected to be named with `--secure-cookies`).
    public static func defaultSecureCookies(host: String) -> Bool {
        !["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) && !host.hasPrefix("127.")
    }
}
