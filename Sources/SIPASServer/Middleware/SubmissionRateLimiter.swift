import Crypto
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// How many single questionnaires one API token (a kiosk, the portal) may send: `burst` at once,
/// then `perMinute` a minute. A browser session counts per account. `off` sets no limit.
public struct SubmissionRate: Sendable, Equatable, CustomStringConvertible {
    public var perMinute: Int
    public var burst: Int

    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = max(0, perMinute)
        self.burst = max(1, burst ?? perMinute)
    }

    /// 60 a minute, 60 at once: a kiosk catching up after a minute offline is not slowed.
    public static let standard = SubmissionRate(perMinute: 60)
    public static let off = SubmissionRate(perMinute: 0)

    public var isOff: Bool { perMinute == 0 }

    /// `60`, `60/min`, `0` or `off`.
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "off" {
            self = .off
            return
        }
        let number = value.hasSuffix("/min") ? String(value.dropLast(4)) : value
        guard let count = Int(number), (0...1_000_000).contains(count) else { return nil }
        self.init(perMinute: count)
    }

    public var description: String { isOff ? "off" : "\(perMinute)/min" }
}

/// The in-process limiter of `POST /api/submissions`: a token bucket per API token (its SHA-256,
/// never the token) or per account of a browser session. A bucket idle long enough to be full
/// again is forgotten; at most `capacity` are kept, the longest idle dropped first.
final class SubmissionRateLimiter: Sendable {
    enum Key: Hashable, Sendable {
        case token(SHA256Digest)
        case account(Int)
        /// A public questionnaire link, by its id.
        case link(Int)
        /// A client address (its SHA-256: the address itself is kept nowhere).
        case address(SHA256Digest)
    }

    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [Key: Bucket] = [:]
        var sweptAt: ContinuousClock.Instant?
    }

    let rate: SubmissionRate
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(rate: SubmissionRate, capacity: Int = 10_000) {
        self.rate = rate
        self.capacity = capacity
    }

    /// How long an idle bucket takes to fill up again.
    private var refill: Duration { .seconds(Double(rate.burst) * 60 / Double(max(1, rate.perMinute))) }

    /// The bucket of the request's bearer token, or of the account of its session.
    static func key(authorization: String?, accountID: Int) -> Key {
        if let header = authorization, header.hasPrefix("Bearer ") {
            return .token(SHA256.hash(data: Array(header.dropFirst(7).utf8)))
        }
        return .account(accountID)
    }

    /// Takes one submission from `key`'s bucket: nil when it may go ahead, otherwise the whole
    /// seconds until it may.
    func take(_ key: Key, now: ContinuousClock.Instant = .now) -> Int? {
        guard !rate.isOff else { return nil }
        let perSecond = Double(rate.perMinute) / 60
        let burst = Double(rate.burst)
        return state.withLockedValue { state in
            var bucket: Bucket
            if let known = state.buckets[key] {
                bucket = known
                bucket.tokens = min(burst, bucket.tokens + (now - bucket.at).seconds * perSecond)
            } else {
                sweep(&state, now: now)
                bucket = Bucket(tokens: burst, at: now)
            }
            bucket.at = now
            defer { state.buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Before a new bucket: forgets the full ones (at most once a refill time), and the longest
    /// idle while the limiter is at capacity.
    private func sweep(_ state: inout State, now: ContinuousClock.Instant) {
        let full = refill
        if state.buckets.count >= capacity || state.sweptAt.map({ now - $0 >= full }) ?? true {
            state.buckets = state.buckets.filter { now - $0.value.at < full }
            state.sweptAt = now
        }
        while state.buckets.count >= capacity, let oldest = state.buckets.min(by: { $0.value.at < $1.value.at })?.key {
            state.buckets[oldest] = nil
        }
    }

    /// The buckets kept (for tests).
    var count: Int { state.withLockedValue { $0.buckets.count } }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    fileprivate var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
