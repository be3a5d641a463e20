import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` sipas believes (`sipas serve --trusted-proxy`):
/// addresses or CIDR ranges, IPv4 or IPv6. Behind such a proxy the client's address is the
/// right-most address of that header that is not itself a trusted proxy; from anyone else the
/// header is ignored (a client could write anything there).
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    var ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) { self.ranges = ranges }

    /// Parses `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`…; the failure names the first entry
    /// that is neither an address nor a range.
    public static func parse(_ entries: [String]) -> Result<TrustedProxies, InvalidEntry> {
        var ranges: [Range] = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = parts.first.flatMap(Self.addressBytes) else { return .failure(InvalidEntry(entry: entry)) }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let bits = Int(parts[1]), (0...bytes.count * 8).contains(bits) else { return .failure(InvalidEntry(entry: entry)) }
                prefix = bits
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        return .success(TrustedProxies(ranges: ranges))
    }

    public struct InvalidEntry: Error, Sendable, CustomStringConvertible {
        public var entry: String
        public var description: String {
            "--trusted-proxy \(entry): expected an IP address or a CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)"
        }
    }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.addressBytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address for a connection from `peer` carrying `forwardedFor` (the values
    /// of every `X-Forwarded-For` header, in order).
    public func clientAddress(peer: String, forwardedFor: [String]) -> String {
        guard !ranges.isEmpty, trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusts(hop) {
            return Self.addressBytes(hop) == nil ? peer : hop
        }
        return hops.first ?? peer
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address, by the C library's own parser.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
