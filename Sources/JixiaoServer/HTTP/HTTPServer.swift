import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import Vapor

/// The HTTP/1.1 server of `jixiao serve`: NIO's codec in front of Vapor's application.
///
/// It takes the place of Vapor's own server because nothing can be put in Vapor's pipeline. A request
/// line or headers beyond the decoder's limits made it close the connection without a word; here such a
/// request is answered — 414 for the request line, 431 for the headers, 400 for anything else malformed
/// (`MalformedRequestAnswer`). A body is collected up to the application's limit, in linear time and in
/// at most `ApplicationBridge.pieceLimit` pieces, before the routes see it. Each connection is held to
/// `ConnectionLimits` (`ConnectionGuard`): idle, head and body deadlines, caps per address and in all.
final class JixiaoHTTPServer: Server, Sendable {
    /// What one request head may hold: a request line or header field of 16 KB (a long query or a
    /// browser's cookies fit well), 64 KB of headers in all, 256 fields.
    static let headLimits: NIOHTTPDecoderLimitConfiguration = {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 16 << 10
        limits.maxHeaderListSize = 64 << 10
        limits.maxHeaderFieldCount = 256
        return limits
    }()

    private let application: Application
    private let bodyLimit: Int
    private let limits: ConnectionLimits
    private let running = NIOLockedValueBox<(channel: any Channel, quiesce: ServerQuiescingHelper)?>(nil)

    init(application: Application, bodyLimit: Int, limits: ConnectionLimits) {
        self.application = application
        self.bodyLimit = bodyLimit
        self.limits = limits
    }

    /// Completes when the listening socket closes (at once when the server is not running).
    var onShutdown: EventLoopFuture<Void> {
        running.withLockedValue { $0?.channel.closeFuture } ?? application.eventLoopGroup.any().makeSucceededVoidFuture()
    }

    /// The bound address (the port when 0 was asked for).
    var localAddress: SocketAddress? { running.withLockedValue { $0?.channel.localAddress } }

    @available(*, noasync)
    func start(address: BindAddress?) throws { try bind(address).wait() }

    func start(address: BindAddress?) async throws { try await bind(address).get() }

    @available(*, noasync)
    func shutdown() { try? stop().wait() }

    func shutdown() async { try? await stop().get() }

    private func bind(_ address: BindAddress?) -> EventLoopFuture<Void> {
        let configuration = application.http.server.configuration
        let group = application.eventLoopGroup
        let quiesce = ServerQuiescingHelper(group: group)
        let application = self.application, bodyLimit = self.bodyLimit, limits = self.limits
        let counter = ConnectionCounter(limits: limits, trustedProxies: application.trustedProxies)
        // `responder.current` builds the router and the middleware chain anew on each call: made once,
        // when the routes are all registered, as Vapor's own server does.
        let responder = application.responder.current
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? 1 : 0)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Out of file descriptors all the same (the caps leave room, a refusal lingers): accepting
                    // pauses a second rather than retrying at once in a loop.
                    try channel.pipeline.syncOperations.addHandlers([AcceptBackoffHandler(),
                                                                     quiesce.makeServerChannelHandler(channel: channel)])
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.addHandlers(to: channel, application: application, responder: responder, bodyLimit: bodyLimit,
                                         counter: counter, limits: limits)
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: configuration.tcpNoDelay ? 1 : 0)
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? 1 : 0)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 1)

        let bound: EventLoopFuture<any Channel>
        switch address {
        case .unixDomainSocket(let path):
            bound = bootstrap.bind(unixDomainSocketPath: path)
        case .hostname(let hostname, let port):
            bound = bootstrap.bind(host: hostname ?? configuration.hostname, port: port ?? configuration.port)
        case nil:
            bound = bootstrap.bind(host: configuration.hostname, port: configuration.port)
        }
        return bound.map { channel in
            self.running.withLockedValue { $0 = (channel, quiesce) }
            configuration.logger.notice("Server started on \(channel.localAddress.map { "\($0)" } ?? "?")",
                                        metadata: ["connections": "\(counter.totalCap)",
                                                   "perAddress": "\(counter.perAddressCap)"])
        }
    }

    /// A connection's pipeline, from the bytes read to the application and back.
    static func addHandlers(to channel: any Channel, application: Application, responder: any Responder, bodyLimit: Int,
                            counter: ConnectionCounter, limits: ConnectionLimits) throws {
        let connection = ConnectionGuard(counter: counter, limits: limits)
        try channel.pipeline.syncOperations.addHandlers([
            connection,
            RequestLineWatch(),
            HTTPResponseEncoder(),
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
                                                    limitConfiguration: headLimits)),
            HTTPServerPipelineHandler(),
            MalformedRequestAnswer(connection: connection),
            ApplicationBridge(application: application, responder: responder, bodyLimit: bodyLimit, connection: connection),
        ])
    }

    /// Stops accepting, lets the requests in flight finish (up to Vapor's shutdown timeout), then closes.
    private func stop() -> EventLoopFuture<Void> {
        guard let (channel, quiesce) = running.withLockedValue({ value in defer { value = nil }; return value }) else {
            return application.eventLoopGroup.any().makeSucceededVoidFuture()
        }
        let done = channel.eventLoop.makePromise(of: Void.self)
        channel.eventLoop.scheduleTask(in: application.http.server.configuration.shutdownTimeout) {
            done.fail(Abort(.internalServerError, reason: "服务器未能及时停止"))
        }
        quiesce.initiateShutdown(promise: done)
        return done.futureResult
    }
}

extension Application {
    private struct JixiaoHTTPServerKey: StorageKey { typealias Value = JixiaoHTTPServer }

    /// Serves the application through `JixiaoHTTPServer`: one server, whoever asks for `app.server`
    /// (the serve command, the tests, the shutdown).
    func useJixiaoHTTPServer(bodyLimit: Int, limits: ConnectionLimits) {
        let server = JixiaoHTTPServer(application: self, bodyLimit: bodyLimit, limits: limits)
        storage[JixiaoHTTPServerKey.self] = server
        servers.use { app in app.storage[JixiaoHTTPServerKey.self]! }
    }
}

/// Follows the lines of the bytes read, so that a head too large for the decoder can be told apart: a
/// request line whose target is over the limit gets 414, anything else 431. The decoder reads a whole
/// read at once, and a read may hold the request line, its CRLF and the headers after it: so the watch
/// keeps the target's length of the request line that began the head, besides the line being read.
/// A line begins a head on a new connection and after an empty line; a request line is one with a space
/// before any colon (「GET /… HTTP/1.1」). A body is followed as lines too: it only ever misnames a
/// refusal, 414 for 431. Raw bytes pass unchanged.
final class RequestLineWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let prefixLength = 32
    /// The line being read: its first bytes, its length so far, whether it begins a head.
    private var linePrefix: [UInt8] = []
    private var lineLength = 0
    private var lineBeginsHead = true
    /// The length of the target in the request line that began the last head.
    private var requestTargetLength = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { bytes in
            var start = 0
            while start < bytes.count {
                let newline = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
                let end = newline.map { bytes.baseAddress!.distance(to: $0) } ?? bytes.count
                if linePrefix.count < Self.prefixLength {
                    linePrefix += bytes[start..<min(end, start + Self.prefixLength - linePrefix.count)]
                }
                lineLength += end - start
                if newline != nil { lineEnded() }
                start = end + 1
            }
        }
        context.fireChannelRead(data)
    }

    private func lineEnded() {
        let empty = lineLength == 0 || (lineLength == 1 && linePrefix == [UInt8(ascii: "\r")])
        if lineBeginsHead && !empty {
            // 「GET 」 before the target, 「 HTTP/1.1\r」 after it.
            requestTargetLength = Self.isRequestLine(linePrefix) ? lineLength - (linePrefix.firstIndex(of: UInt8(ascii: " "))! + 1) - 10 : 0
        }
        lineBeginsHead = empty
        linePrefix.removeAll(keepingCapacity: true)
        lineLength = 0
    }

    private static func isRequestLine(_ prefix: [UInt8]) -> Bool {
        guard let space = prefix.firstIndex(of: UInt8(ascii: " ")) else { return false }
        return !prefix[..<space].contains(UInt8(ascii: ":"))
    }

    /// Whether the head the decoder gave up on overflows in its request line: the line being read is the
    /// head's request line, or the head's request line was read whole with a target over the limit.
    var requestLineTooLong: Bool {
        (lineBeginsHead && Self.isRequestLine(linePrefix))
            || requestTargetLength > JixiaoHTTPServer.headLimits.maxHeaderFieldSize
    }
}

/// Answers a request the decoder cannot read, then closes the connection (`ConnectionGuard.refuse`):
/// 414 when its request line is too long, 431 when its headers are, 400 otherwise. An answer already
/// under way is ended by the close.
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let connection: ConnectionGuard
    /// A response has begun and not ended.
    private var responding = false

    init(connection: ConnectionGuard) { self.connection = connection }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        guard !responding else { return context.close(promise: nil) }
        if case .headerOverflow = parserError {
            let watch = try? context.pipeline.syncOperations.handler(type: RequestLineWatch.self)
            if watch?.requestLineTooLong ?? false {
                connection.refuse(.uriTooLong, "请求的网址过长（上限 16 KB）")
            } else {
                connection.refuse(.requestHeaderFieldsTooLarge, "请求头过大（每项上限 16 KB，合计上限 64 KB，至多 256 项）")
            }
        } else {
            connection.refuse(.badRequest, "请求格式有误，无法读取")
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responding = true
        case .end: responding = false
        default: break
        }
        context.write(data, promise: promise)
    }
}

/// Turns each decoded request into Vapor's `Request`, with its body collected up to the limit, and
/// writes the application's `Response` back. A body over the limit is not kept: the request goes on
/// with its length alone (which the CSRF middleware refuses with 413), the rest is read and dropped
/// (up to `drainLimit`), and the connection closes after both. A chunked body in more than
/// `pieceLimit` pieces gets 400 at once. One request at a time: `HTTPServerPipelineHandler` holds back
/// the next until this one is answered. Where the request stands, the connection's guard is told.
final class ApplicationBridge: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// How much of an oversized body is read and dropped, so that the client reads the 413 rather than
    /// a reset connection, before the connection is closed anyway.
    static let drainLimit = 64 << 20
    /// How many pieces a chunked body may come in (the decoder gives a piece a chunk, and more where a
    /// chunk spans reads). A client's chunks are kilobytes: 8 MB in this many pieces is 512 bytes each.
    /// A Content-Length body comes a piece a read, which the body's minimum rate bounds.
    static let pieceLimit = 16_384

    private enum State {
        case idle
        /// Reading the body into `body`; `pieces` counts those of a chunked one.
        case collecting(HTTPRequestHead, chunked: Bool, pieces: Int)
        /// With the application; `ended` once the request's end has been read.
        case answering(ended: Bool)
        /// Answered before the request's end (an oversized body): the rest is dropped.
        case draining(dropped: Int)
        /// Refused by the connection's guard, which drops the rest and closes.
        case refused
    }

    private let application: Application
    private let responder: any Responder
    private let bodyLimit: Int
    private let connection: ConnectionGuard
    private var state = State.idle {
        didSet { connection.requestPhase = Self.phase(of: state) }
    }
    /// The body read so far, held nowhere else, so that each piece is appended in place: a second
    /// reference to it made every append copy the whole body (a million pieces took minutes).
    private var body: ByteBuffer?
    /// Set for an oversized body: the connection closes once it is answered and drained.
    private var closing = false

    init(application: Application, responder: any Responder, bodyLimit: Int, connection: ConnectionGuard) {
        self.application = application
        self.responder = responder
        self.bodyLimit = bodyLimit
        self.connection = connection
    }

    private static func phase(of state: State) -> ConnectionGuard.RequestPhase {
        switch state {
        case .idle: .awaiting
        case .collecting: .body(answered: false)
        case .answering(ended: false), .draining: .body(answered: true)
        case .answering(ended: true), .refused: .answering
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            let declared = head.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
            if declared > bodyLimit {
                dispatch(head, oversizedLength: declared, ended: false, context: context)
            } else {
                state = .collecting(head, chunked: head.headers.contains(name: .transferEncoding), pieces: 0)
            }
        case (.body(var piece), .collecting(let head, let chunked, let pieces)):
            let total = (body?.readableBytes ?? 0) + piece.readableBytes
            if total > bodyLimit {
                body = nil
                dispatch(head, oversizedLength: total, ended: false, context: context)
            } else if chunked && pieces >= Self.pieceLimit {
                body = nil
                state = .refused
                connection.refuse(.badRequest, "请求内容分块过多（至多 \(Self.pieceLimit) 块），未处理")
            } else {
                if body == nil { body = context.channel.allocator.buffer(capacity: piece.readableBytes) }
                body!.writeBuffer(&piece)
                state = .collecting(head, chunked: chunked, pieces: pieces + 1)
            }
        case (.end, .collecting(let head, _, _)):
            dispatch(head, oversizedLength: nil, ended: true, context: context)
        case (.body, .answering), (_, .refused):
            break
        case (.end, .answering):
            state = .answering(ended: true)
        case (.body(let piece), .draining(let dropped)):
            state = .draining(dropped: dropped + piece.readableBytes)
            if dropped + piece.readableBytes > Self.drainLimit { context.close(promise: nil) }
        case (.end, .draining):
            state = .idle
            if closing { context.close(promise: nil) }
        default:
            // The decoder and the pipeline handler deliver head, body…, end, one request at a time.
            context.close(promise: nil)
        }
    }

    /// Hands the request to the application with the body read (none when `oversizedLength`); `ended`
    /// when its end has been read. The answer may come at once, within this call.
    private func dispatch(_ head: HTTPRequestHead, oversizedLength: Int?, ended: Bool, context: ChannelHandlerContext) {
        let body = self.body
        self.body = nil
        var headers = head.headers
        if let oversizedLength {
            headers.replaceOrAdd(name: .contentLength, value: String(oversizedLength))
            headers.remove(name: .transferEncoding)
            closing = true
        }
        state = .answering(ended: ended)
        let request = Request(application: application, method: head.method, url: URI(string: head.uri),
                              version: head.version, headersNoUpdate: headers, collectedBody: body,
                              remoteAddress: context.channel.remoteAddress, logger: application.logger,
                              byteBufferAllocator: context.channel.allocator, on: context.eventLoop)
        let keepAlive = head.isKeepAlive && !closing
        let isHEAD = head.method == .HEAD
        let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        responder.respond(to: request)
            .flatMap { response in response.body.collect(on: eventLoop).map { (response, $0) } }
            .hop(to: eventLoop)
            .whenComplete { result in
                let (context, bridge) = bound.value
                switch result {
                case .success(let (response, body)):
                    bridge.write(response, body: body, version: head.version, keepAlive: keepAlive, isHEAD: isHEAD, context: context)
                case .failure(let error):
                    bridge.application.logger.report(error: error)
                    context.close(promise: nil)
                }
            }
    }

    private func write(_ response: Response, body: ByteBuffer?, version: HTTPVersion, keepAlive: Bool, isHEAD: Bool,
                       context: ChannelHandlerContext) {
        var headers = response.headers
        headers.remove(name: .transferEncoding)
        let bodiless = response.status == .noContent || response.status == .notModified || response.status.code < 200
        if bodiless {
            headers.remove(name: .contentLength)
        } else {
            headers.replaceOrAdd(name: .contentLength, value: String(body?.readableBytes ?? 0))
        }
        headers.replaceOrAdd(name: .date, value: HTTPDate.now())
        headers.replaceOrAdd(name: .connection, value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: response.status, headers: headers))), promise: nil)
        if let body, !bodiless, !isHEAD, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let ended: Bool
        if case .answering(ended: true) = state { ended = true } else { ended = false }
        // Before the end is written: writing it hands this handler the next pipelined request at once.
        state = ended ? .idle : .draining(dropped: 0)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive && (ended || !closing) {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}

/// The `Date` header: RFC 9110's IMF-fixdate, in GMT.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
