import Foundation
import SIPASCore
import SIPASStore

/// Kiosks at the one-stop desk: a tablet is paired once with a one-time code
/// (`sipas kiosk pair`), which gives it a kiosk account of its own for the unit and a device
/// token; it then posts its questionnaires through the batch API (channel `kiosk`), each with a
/// client id of its own, so answers kept while offline arrive once however often they are sent.
public struct KioskService: Sendable {
    public let db: Database
    public let cache: ReferenceCache
    /// How wrong codes from one address are slowed down (the sign-in throttle's rule).
    public var policy: SignIn.Policy

    public init(db: Database, cache: ReferenceCache = ReferenceCache(), policy: SignIn.Policy = SignIn.Policy()) {
        self.db = db
        self.cache = cache
        self.policy = policy
    }

    /// The path of the kiosk page.
    public static let path = "/kiosk"

    /// The digits of a code.
    public static let digits = 8

    /// The minutes a code may last.
    public static let minutes = 1...1440

    /// A code just made: shown once (as `1234-5678`), for this survey and unit.
    public struct Pairing: Sendable, Equatable {
        public var code: String
        public var expiresAt: Date
        public var surveyCode: String
        public var unit: UnitVersion
    }

    /// Makes a one-time code for a tablet of `unitCode` (a code or a name valid `today`)
    /// answering `surveyCode`, good for `minutes`.
    public func pair(unitCode: String, surveyCode: String, minutes: Int = 15, actor: String, today: CalendarDate = .today())
        async throws -> Pairing
    {
        guard Self.minutes.contains(minutes) else {
            throw InvalidArgument(
                field: "minutes", value: String(minutes), expected: ["\(Self.minutes.lowerBound) to \(Self.minutes.upperBound)"])
        }
        let (surveyID, _) = try await SurveyStore(db).get(code: surveyCode)
        let unit = try CollectionService.unit(unitCode, in: UnitDirectory(try await UnitStore(db).allVersions()), on: today)
        let store = KioskPairingStore(db)
        var attempts = 0
        while true {
            let code = Self.newCode()
            do {
                let made = try await store.create(
                    codeHash: KioskPairingStore.hash(code: code), surveyID: surveyID, unitID: unit.id, minutes: minutes, actor: actor)
                return Pairing(code: Self.display(code), expiresAt: made.expiresAt, surveyCode: surveyCode, unit: unit)
            } catch DatabaseError.conflict where attempts < 5 {
                attempts += 1  // an open code with the same digits: draw again
            }
        }
    }

    /// Eight random digits from the system's generator.
    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
    }

    /// `12345678` as it is shown and typed: `1234-5678`.
    public static func display(_ code: String) -> String { code.prefix(4) + "-" + code.dropFirst(4) }

    /// The digits of a typed code (spaces and dashes left out), or nil when it cannot be a code.
    public static func normalized(_ typed: String) -> String? {
        let kept = typed.filter { $0 != " " && $0 != "-" && $0 != "\u{00A0}" }
        guard kept.count == digits, kept.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return kept
    }

    /// A paired tablet: its device token, its account, and what it asks.
    public struct Device: Sendable {
        public var token: String
        public var username: String
        public var unitCode: String
        public var unitName: String
        public var survey: Survey
        /// The questions as the public form asks them (items, texts, options).
        public var form: PublicForm
    }

    /// What a typed code gave.
    public enum Outcome: Sendable {
        case paired(Device)
        /// No such code (or not a code at all).
        case unknown
        case used
        case expired
        /// Too many wrong codes from this address: wait this many seconds.
        case slowDown(seconds: Int)
    }

    /// Redeems a typed code from `address`. Wrong codes count like wrong passwords (a few
    /// are free, then each makes the address wait longer), so codes cannot be guessed.
    public func redeem(code typed: String, address: String) async throws -> Outcome {
        let throttle = SignInThrottleStore(db)
        let key = SignInThrottleStore.key(username: "kiosk pairing code", address: address)
        if case .wait(let seconds) = try await throttle.reserve(key: key, window: policy.window) { return .slowDown(seconds: seconds) }
        let redemption: KioskPairingStore.Redemption
        do {
            redemption =
                if let code = Self.normalized(typed) {
                    try await KioskPairingStore(db).redeem(codeHash: KioskPairingStore.hash(code: code), address: address)
                } else { .unknown }
        } catch {
            try? await throttle.release(key: key)
            throw error
        }
        switch redemption {
        case .paired(let device):
            try await throttle.finish(key: key, succeeded: true) { _ in 0 }
            let (_, survey) = try await cache.survey(device.surveyCode, db: db)
            return .paired(
                Device(
                    token: device.token, username: device.username, unitCode: device.unitCode, unitName: device.unitName,
                    survey: survey, form: PublicForm.build(survey)))
        case .unknown, .used, .expired:
            try await throttle.finish(key: key, succeeded: false) { policy.delay(afterFailures: $0) }
            switch redemption {
            case .used: return .used
            case .expired: return .expired
            default: return .unknown
            }
        }
    }
}
