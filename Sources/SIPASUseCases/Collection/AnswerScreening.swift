import Crypto
import Foundation
import NIOConcurrencyHelpers
import SIPASCore
import SIPASStore

/// Decides which answers through a public link to doubt (issue: abuse and privacy). Nothing is
/// refused here — the rate limits do that — but an answer posted sooner after its form was
/// opened than a person can read the questions is flagged `fast`, and one of more than
/// `burstLimit` answers from one address within `burstWindow` is flagged `burst` (by the store,
/// in the statement that stores it). Reports can leave flagged answers out.
///
/// The form carries when it was opened (`_opened`: seconds since 1970 and an HMAC-SHA256 of
/// them and the form's id, under the service's `form` key), so a post cannot claim an earlier
/// opening, and a made-up form id has no valid stamp. Addresses are kept only as SHA-256 of
/// the address and the day's salt (`ServiceKeyStore.addressSalt`).
public final class AnswerScreening: Sendable {
    public struct Policy: Sendable, Equatable {
        /// The fewest seconds per question a person takes: a form of 34 questions posted
        /// within 34 seconds of opening is flagged `fast`.
        public var secondsPerQuestion: Double
        /// More answers than this from one address within `burstWindow` are flagged `burst`.
        public var burstLimit: Int
        public var burstWindow: Duration

        public init(secondsPerQuestion: Double = 1, burstLimit: Int = 5, burstWindow: Duration = .seconds(600)) {
            self.secondsPerQuestion = secondsPerQuestion
            self.burstLimit = burstLimit
            self.burstWindow = burstWindow
        }

        public static let standard = Policy()
    }

    public let policy: Policy
    let db: Database
    private struct Keys {
        var form: SymmetricKey?
        var salt: (day: CalendarDate, bytes: [UInt8])?
    }
    private let keys = NIOLockedValueBox(Keys())

    public init(db: Database, policy: Policy = .standard) {
        self.db = db
        self.policy = policy
    }

    private func formKey() async throws -> SymmetricKey {
        if let key = keys.withLockedValue({ $0.form }) { return key }
        let key = SymmetricKey(data: try await ServiceKeyStore(db).key(named: "form"))
        keys.withLockedValue { $0.form = key }
        return key
    }

    /// The `_opened` stamp of a form with id `formID` shown at `now`.
    public func openedStamp(formID: String, now: Date = Date()) async throws -> String {
        let seconds = Int(now.timeIntervalSince1970)
        return "\(seconds)-\(Self.signature(formID: formID, seconds: seconds, key: try await formKey()))"
    }

    /// Seconds since the form was opened, or nil when the stamp is missing, malformed or not
    /// signed by this service for this form (checked in constant time).
    public func secondsOpen(formID: String, stamp: String, now: Date = Date()) async throws -> Double? {
        let parts = stamp.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let seconds = Int(parts[0]), let mac = Self.bytes(hex: parts[1]), mac.count == 32 else { return nil }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(formID, seconds), using: try await formKey())
        else { return nil }
        return now.timeIntervalSince1970 - Double(seconds)
    }

    static func message(_ formID: String, _ seconds: Int) -> Data { Data("\(formID) \(seconds)".utf8) }

    static func signature(formID: String, seconds: Int, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: message(formID, seconds), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of a string of lowercase hexadecimal digits.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// SHA-256 of the address and the salt of `day`.
    public func addressHash(_ address: String, on day: CalendarDate) async throws -> [UInt8] {
        let salt: [UInt8]
        if let known = keys.withLockedValue({ $0.salt }), known.day == day {
            salt = known.bytes
        } else {
            salt = try await ServiceKeyStore(db).addressSalt(on: day)
            keys.withLockedValue { $0.salt = (day, salt) }
        }
        return Array(SHA256.hash(data: salt + Array(address.utf8)))
    }

    /// What to store with an answer to a form of `questions` questions: flagged `fast` when
    /// its stamp is not valid or it came sooner than the policy allows; the address's hash for
    /// the burst rule.
    public func provenance(formID: String, stamp: String?, questions: Int, address: String, today: CalendarDate, now: Date = Date())
        async throws -> SubmissionStore.Provenance
    {
        let open = try await stamp.asyncMap { try await secondsOpen(formID: formID, stamp: $0, now: now) } ?? nil
        let fast = open.map { $0 < policy.secondsPerQuestion * Double(questions) } ?? true
        return SubmissionStore.Provenance(
            flag: fast ? .fast : nil, addressHash: try await addressHash(address, on: today), burstLimit: policy.burstLimit,
            burstWindow: policy.burstWindow)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): return try await transform(value)
        case .none: return nil
        }
    }
}
