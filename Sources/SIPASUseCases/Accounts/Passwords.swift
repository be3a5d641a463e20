import HummingbirdBcrypt
import NIOPosix
import SIPASStore

/// Password hashing and checking with bcrypt, off the caller's threads (bcrypt is slow on
/// purpose). Used by `sipas user` and by the web pages' sign-in and account forms.
public enum Passwords {
    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. With no hash (an unknown account, or one without a
    /// password) a hash nobody knows is checked instead, so that the answer takes as long as
    /// for a real account and says nothing about which names exist. At most one check per
    /// core runs at once (`WorkGate.passwordChecks`): a flood of sign-ins is refused, not queued forever.
    public static func verify(_ password: String, hash: String?, gate: WorkGate = .passwordChecks) async throws -> Bool {
        try await gate.run {
            try await NIOThreadPool.singleton.runIfActive {
                Bcrypt.verify(password, hash: hash ?? dummyHash) && hash != nil
            }
        }
    }

    /// A bcrypt hash of a random token that is thrown away.
    static let dummyHash = Bcrypt.hash(AccountStore.randomToken(), cost: 12)
}
