#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// 连接限制 — what a connection to `jixiao serve` may hold and for how long, so that slow, idle or many
/// connections cannot take every file descriptor: a visitor who sends nothing, a head sent a line at a
/// time or a body trickled in are closed, and connections beyond the caps are refused at once.
public struct ConnectionLimits: Sendable {
    /// How long a kept-alive connection may wait for its next request. Longer than a reverse proxy keeps
    /// an idle upstream connection (nginx: `keepalive_timeout` 60 s), so that the proxy closes first and
    /// never sends a request on a connection the server is closing.
    public var idleTimeout: Duration = .seconds(75)
    /// How long a request's head may take from its first byte (a new connection's first head: from the
    /// connection); then 408. A browser sends a head in one packet.
    public var headTimeout: Duration = .seconds(20)
    /// A body must bring at least this many bytes a second, counted over each `bodyRateWindow`; then 408.
    /// 500 B/s is a poor mobile line's upload, many times over.
    public var bodyMinimumRate: Int = 500
    public var bodyRateWindow: Duration = .seconds(20)
    /// Connections open at once from one address, loopback and the trusted proxies (`TrustedProxies`)
    /// excepted: a reverse proxy, and the load test, bring every visitor through one address; 0: no cap. A browser opens at most 6 to a site,
    /// so 128 lets an office of 20 behind one address in, and keeps one address from taking the site.
    public var perAddress: Int = 128
    /// Connections open at once in all; nil: the process's file-descriptor limit less
    /// `ConnectionCounter.reserve`, read at start.
    public var total: Int?

    public init() {}

    /// The defaults, with what the environment sets: `JIXIAO_IDLE_TIMEOUT`, `JIXIAO_HEAD_TIMEOUT` (seconds),
    /// `JIXIAO_BODY_MIN_RATE` (bytes a second), `JIXIAO_MAX_CONNECTIONS_PER_ADDRESS` (0: no cap),
    /// `JIXIAO_MAX_CONNECTIONS`.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConnectionLimits {
        var limits = ConnectionLimits()
        func number(_ name: String, minimum: Int) throws -> Int? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw ServerConfigurationError("环境变量 \(name) 应为不小于 \(minimum) 的整数，而不是「\(text)」")
            }
            return value
        }
        if let seconds = try number("JIXIAO_IDLE_TIMEOUT", minimum: 1) { limits.idleTimeout = .seconds(seconds) }
        if let seconds = try number("JIXIAO_HEAD_TIMEOUT", minimum: 1) { limits.headTimeout = .seconds(seconds) }
        if let rate = try number("JIXIAO_BODY_MIN_RATE", minimum: 1) { limits.bodyMinimumRate = rate }
        if let count = try number("JIXIAO_MAX_CONNECTIONS_PER_ADDRESS", minimum: 0) { limits.perAddress = count }
        if let count = try number("JIXIAO_MAX_CONNECTIONS", minimum: 1) { limits.total = count }
        return limits
    }
}

/// The connections open at once, in all and by address: admits a new one, or says which cap it is over.
/// One for the server, shared by its event loops.
final class ConnectionCounter: Sendable {
    enum Refusal { case total, address }

    /// File descriptors kept for what is not a connection: the database's connections (PostgreSQL: 8 an
    /// event loop), SQLite's files, uploads, pdftotext's and LibreOffice's pipes, the log.
    static let reserve = 256

    let totalCap: Int
    let perAddressCap: Int
    private let trustedProxies: TrustedProxies
    private let open = NIOLockedValueBox((total: 0, byAddress: [String: Int]()))

    init(limits: ConnectionLimits, trustedProxies: TrustedProxies = .none,
         fileDescriptorLimit: Int = ConnectionCounter.fileDescriptorLimit()) {
        totalCap = limits.total ?? Self.totalCap(fileDescriptorLimit: fileDescriptorLimit)
        perAddressCap = limits.perAddress
        self.trustedProxies = trustedProxies
    }

    /// Below the file-descriptor limit by `reserve`, and never under half of it.
    static func totalCap(fileDescriptorLimit: Int) -> Int { max(fileDescriptorLimit - reserve, fileDescriptorLimit / 2) }

    /// The process's soft limit of open files (`ulimit -n`; systemd's `LimitNOFILE`).
    static func fileDescriptorLimit() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let read = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
        let read = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        return read == 0 ? Int(clamping: limit.rlim_cur) : 1024
    }

    /// Counts the connection from `address` and returns nil, or returns the cap it is over and counts nothing.
    func admit(_ address: SocketAddress?) -> Refusal? {
        let key = address?.ipAddress
        let capped = perAddressCap > 0 && !Self.isLoopback(address) && !(key.map(trustedProxies.trusts) ?? false)
        return open.withLockedValue { open in
            if open.total >= totalCap { return .total }
            if let key {
                if capped, open.byAddress[key, default: 0] >= perAddressCap { return .address }
                open.byAddress[key, default: 0] += 1
            }
            open.total += 1
            return nil
        }
    }

    /// Forgets an admitted connection.
    func release(_ address: SocketAddress?) {
        open.withLockedValue { open in
            open.total -= 1
            if let key = address?.ipAddress {
                let left = open.byAddress[key, default: 1] - 1
                open.byAddress[key] = left > 0 ? left : nil
            }
        }
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let address else { return false }
        switch address {
        case .unixDomainSocket: return true
        case .v4, .v6:
            let ip = address.ipAddress ?? ""
            return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
        }
    }
}

/// Holds one connection to its limits, first in its pipeline: admits it (or answers 503/429 and closes),
/// closes it when idle too long, answers 408 to a head or body that comes too slowly, and writes the
/// pipeline's refusals (`refuse`) itself, as raw bytes, before closing. Where the request stands
/// (`requestPhase`) is set by `ApplicationBridge`; the bytes read it sees itself.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Where the connection's request stands.
    enum RequestPhase: Equatable {
        /// Between requests (a new connection too): the next head is awaited.
        case awaiting
        /// The head is read, the body is being read; `answered` when the answer went before it (a body over
        /// the limit, read only to be dropped).
        case body(answered: Bool)
        /// The application is at work: no deadline.
        case answering
    }

    /// How long a refused connection waits for the client to close before it is closed.
    static let lingering = TimeAmount.seconds(2)

    private let counter: ConnectionCounter
    private let limits: ConnectionLimits
    private var context: ChannelHandlerContext?
    /// Counted by `counter`, from `address`, until it closes.
    private var admitted = false
    private var address: SocketAddress?
    private var timer: Scheduled<Void>?
    /// Whether a byte of the awaited head has come, and whether any request has been read before it.
    private var headBegun = false
    private var firstRequest = true
    private var connectedAt = NIODeadline.now()
    /// The body's bytes read in the current window.
    private var windowBytes = 0
    private var refused = false

    init(counter: ConnectionCounter, limits: ConnectionLimits) {
        self.counter = counter
        self.limits = limits
    }

    var requestPhase = RequestPhase.awaiting {
        didSet { if requestPhase != oldValue { phaseChanged() } }
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        address = context.channel.remoteAddress
        switch counter.admit(address) {
        case nil:
            admitted = true
            connectedAt = .now()
            schedule(at: connectedAt + TimeAmount(limits.headTimeout))
        case .total:
            refuse(.serviceUnavailable, "服务器此刻连接已满，请稍后再试", retryAfter: 5)
        case .address:
            refuse(.tooManyRequests, "您的网络地址同时打开的连接过多（上限 \(counter.perAddressCap) 个），请稍后再试", retryAfter: 5)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if admitted { counter.release(address) }
        admitted = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }  // dropped while the refusal lingers
        switch requestPhase {
        case .awaiting where !headBegun:
            headBegun = true
            schedule(at: (firstRequest ? connectedAt : .now()) + TimeAmount(limits.headTimeout))
        case .body:
            windowBytes += unwrapInboundIn(data).readableBytes
        case .awaiting, .answering:
            break
        }
        context.fireChannelRead(data)
    }

    private func phaseChanged() {
        switch requestPhase {
        case .awaiting:
            headBegun = false
            schedule(at: .now() + TimeAmount(limits.idleTimeout))
        case .body:
            firstRequest = false
            windowBytes = 0
            schedule(at: .now() + TimeAmount(limits.bodyRateWindow))
        case .answering:
            firstRequest = false
            timer?.cancel()
            timer = nil
        }
    }

    private func schedule(at deadline: NIODeadline) {
        guard let context, !refused else { return }
        timer?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) { bound.value.deadlinePassed() }
    }

    private func deadlinePassed() {
        guard let context, !refused else { return }
        switch requestPhase {
        case .awaiting where headBegun:
            refuse(.requestTimeout, "请求头未在 \(Self.seconds(limits.headTimeout)) 秒内收齐，连接已关闭")
        case .awaiting:
            context.close(promise: nil)
        case .body(let answered):
            let window = limits.bodyRateWindow / .milliseconds(1)
            let expected = max(Int(Double(limits.bodyMinimumRate) * window / 1000), 1)
            if windowBytes >= expected {
                phaseChanged()  // the next window
            } else if answered {
                context.close(promise: nil)
            } else {
                refuse(.requestTimeout, "请求内容传得太慢（\(Self.seconds(limits.bodyRateWindow)) 秒内不足 \(expected) 字节），连接已关闭")
            }
        case .answering:
            break
        }
    }

    /// 「20」, 「0.5」: a limit in seconds for a message.
    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = Int(duration / .milliseconds(1))
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }

    /// Answers `status` with `message` (plain text) and closes the connection: for a request the pipeline
    /// will not hand to the application, before any answer to it has begun. Half-closed, the connection
    /// still reads (and drops) what the client goes on sending, so that the client reads the answer
    /// rather than a reset; it closes when the client does, or after `lingering`. A connection over the
    /// caps closes once answered: lingering, uncounted, many of them would take the descriptors the caps keep.
    func refuse(_ status: HTTPResponseStatus, _ message: String, retryAfter seconds: Int? = nil) {
        guard let context, !refused else { return }
        refused = true
        timer?.cancel()
        let body = message + "\n"
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        if let seconds { head += "Retry-After: \(seconds)\r\n" }
        let answer = context.channel.allocator.buffer(string: head + "\r\n" + body)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let linger = admitted
        context.writeAndFlush(NIOAny(answer)).whenComplete { _ in
            guard linger else { return bound.value.close(promise: nil) }
            bound.value.close(mode: .output, promise: nil)
            bound.value.eventLoop.scheduleTask(in: Self.lingering) { bound.value.close(promise: nil) }
        }
    }
}
