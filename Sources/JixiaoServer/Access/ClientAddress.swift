import Foundation
import NIOCore
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// 可信代理 — the addresses of the reverse proxies in front of the server (`--trusted-proxy`,
/// `JIXIAO_TRUSTED_PROXIES`): single addresses or networks (`127.0.0.1`, `10.0.0.0/8`, `::1`).
/// Only a request that comes from one of them has its client's address taken from
/// `X-Forwarded-For`; anyone else could write any address there.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or network: its bytes (4 for IPv4, 16 for IPv6) and how many leading bits count.
    struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            for bit in 0..<prefix where (address[bit / 8] ^ bytes[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
            return true
        }
    }

    let networks: [Network]

    /// Reads a list of addresses and networks separated by commas or white space, as the option
    /// and the environment variable give it; an entry that is neither is named in the error.
    public init(_ list: String) throws {
        var networks: [Network] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            let parts = entry.split(separator: "/", maxSplits: 1)
            guard let bytes = Self.bytes(of: String(parts[0])) else { throw Self.invalid(entry) }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { throw Self.invalid(entry) }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
        self.networks = networks
    }

    private static func invalid(_ entry: Substring) -> ServerConfigurationError {
        ServerConfigurationError("可信代理「\(entry)」不是 IP 地址或网段（应如 127.0.0.1、10.0.0.0/8 或 ::1）")
    }

    func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address: the socket's peer, unless that is a trusted proxy; then the last
    /// address in `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address it
    /// was reached from, so the entries before the first untrusted one may be made up). An entry
    /// that is no address stops the walk at the proxy that passed it on.
    func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard var address = peer, trusts(address) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { break }
            address = hop
            if !trusts(hop) { break }
        }
        return address
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address as its IPv4).
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return Array(bytes.suffix(4)) }
        return bytes
    }
}

extension Request {
    /// The address the request comes from, as the login throttle and the audit log count it:
    /// the socket's peer, or behind a trusted proxy the client it names (`TrustedProxies`).
    var clientAddress: String {
        application.trustedProxies.clientAddress(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
            ?? "unknown"
    }
}

extension Application {
    private struct TrustedProxiesKey: StorageKey { typealias Value = TrustedProxies }

    var trustedProxies: TrustedProxies {
        get { storage[TrustedProxiesKey.self] ?? TrustedProxies.none }
        set { storage[TrustedProxiesKey.self] = newValue }
    }
}

extension TrustedProxies {
    /// No proxy: every address is the socket's.
    public static let none = try! TrustedProxies("")
}
