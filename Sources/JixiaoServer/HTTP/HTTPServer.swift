import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import Vapor

/// The HTTP/1.1 server of `jixiao serve`: NIO's codec in front of Vapor's application.
///
/// It takes the place of Vapor's own server for one reason. A request line or headers beyond the
/// decoder's limits make Vapor's pipeline close the connection without a word, and nothing can be
/// put in that pipeline. Here such a request is answered — 414 for the request line, 431 for the
/// headers, 400 for anything else malformed (`MalformedRequestAnswer`) — and a body is collected up
/// to the application's limit before the routes see it (`ApplicationBridge`).
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
    private let running = NIOLockedValueBox<(channel: any Channel, quiesce: ServerQuiescingHelper)?>(nil)

    init(application: Application, bodyLimit: Int) {
        self.application = application
        self.bodyLimit = bodyLimit
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
        let application = self.application, bodyLimit = self.bodyLimit
        // `responder.current` builds the router and the middleware chain anew on each call: made once,
        // when the routes are all registered, as Vapor's own server does.
        let responder = application.responder.current
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? 1 : 0)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let responses = HTTPResponseEncoder()
                    try channel.pipeline.syncOperations.addHandlers([
                        RequestLineWatch(),
                        responses,
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                informationalResponseStrategy: .drop,
                                                                limitConfiguration: Self.headLimits)),
                        HTTPServerPipelineHandler(),
                        MalformedRequestAnswer(),
                        ApplicationBridge(application: application, responder: responder, bodyLimit: bodyLimit),
                    ])
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
            configuration.logger.notice("Server started on \(channel.localAddress.map { "\($0)" } ?? "?")")
        }
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
    func useJixiaoHTTPServer(bodyLimit: Int) {
        let server = JixiaoHTTPServer(application: self, bodyLimit: bodyLimit)
        storage[JixiaoHTTPServerKey.self] = server
        servers.use { app in app.storage[JixiaoHTTPServerKey.self]! }
    }
}

/// Remembers how the line the decoder is reading begins, so that a head too large for the decoder
/// can be told apart: a request line (「GET /… HTTP/1.1」, a space before any colon) gets 414, a
/// header line 431. Raw bytes pass unchanged.
final class RequestLineWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let prefixLength = 32
    private var linePrefix: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { bytes in
            if let newline = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                linePrefix = Array(bytes[(newline + 1)...].prefix(Self.prefixLength))
            } else if linePrefix.count < Self.prefixLength {
                linePrefix += bytes.prefix(Self.prefixLength - linePrefix.count)
            }
        }
        context.fireChannelRead(data)
    }

    /// Whether the line being read is a request line: a space comes before any colon.
    var readingRequestLine: Bool {
        guard let space = linePrefix.firstIndex(of: UInt8(ascii: " ")) else { return false }
        return !linePrefix[..<space].contains(UInt8(ascii: ":"))
    }
}

/// Answers a request the decoder cannot read, then closes the connection: 414 when its request line is
/// too long, 431 when its headers are, 400 otherwise. An answer already under way is ended by the close.
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How long a refused connection waits for the client to close before it is closed.
    static let lingering = TimeAmount.seconds(2)

    /// A response has begun and not ended.
    private var responding = false
    private var refused = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        guard !refused else { return }
        refused = true
        guard !responding else { return context.close(promise: nil) }
        let status: HTTPResponseStatus, message: String
        if case .headerOverflow = parserError {
            let watch = try? context.pipeline.syncOperations.handler(type: RequestLineWatch.self)
            if watch?.readingRequestLine ?? false {
                (status, message) = (.uriTooLong, "请求的网址过长（上限 16 KB）")
            } else {
                (status, message) = (.requestHeaderFieldsTooLarge, "请求头过大（每项上限 16 KB，合计上限 64 KB，至多 256 项）")
            }
        } else {
            (status, message) = (.badRequest, "请求格式有误，无法读取")
        }
        var body = context.channel.allocator.buffer(capacity: message.utf8.count + 1)
        body.writeString(message + "\n")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/plain; charset=utf-8")
        headers.add(name: .contentLength, value: String(body.readableBytes))
        headers.add(name: .connection, value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        // Half-closed, the connection still reads (and drops) what the client goes on sending, so that
        // the client reads the answer rather than a reset; it closes when the client does, or after
        // `lingering`.
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            bound.value.close(mode: .output, promise: nil)
            bound.value.eventLoop.scheduleTask(in: Self.lingering) { bound.value.close(promise: nil) }
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
/// (up to `drainLimit`), and the connection closes after both. One request at a time:
/// `HTTPServerPipelineHandler` holds back the next until this one is answered.
final class ApplicationBridge: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// How much of an oversized body is read and dropped, so that the client reads the 413 rather than
    /// a reset connection, before the connection is closed anyway.
    static let drainLimit = 64 << 20

    private enum State {
        case idle
        case collecting(HTTPRequestHead, ByteBuffer?, received: Int)
        /// With the application; `ended` once the request's end has been read.
        case answering(ended: Bool)
        /// Answered before the request's end (an oversized body): the rest is dropped.
        case draining(dropped: Int)
    }

    private let application: Application
    private let responder: any Responder
    private let bodyLimit: Int
    private var state = State.idle
    /// Set for an oversized body: the connection closes once it is answered and drained.
    private var closing = false

    init(application: Application, responder: any Responder, bodyLimit: Int) {
        self.application = application
        self.responder = responder
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            let declared = head.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
            if declared > bodyLimit {
                dispatch(head, body: nil, oversizedLength: declared, ended: false, context: context)
            } else {
                state = .collecting(head, nil, received: 0)
            }
        case (.body(var chunk), .collecting(let head, var body, let received)):
            let total = received + chunk.readableBytes
            if total > bodyLimit {
                dispatch(head, body: nil, oversizedLength: total, ended: false, context: context)
            } else {
                state = .idle  // lets the buffer be appended to without a copy
                if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
                state = .collecting(head, body, received: total)
            }
        case (.end, .collecting(let head, let body, _)):
            dispatch(head, body: body, oversizedLength: nil, ended: true, context: context)
        case (.body, .answering):
            break
        case (.end, .answering):
            state = .answering(ended: true)
        case (.body(let chunk), .draining(let dropped)):
            state = .draining(dropped: dropped + chunk.readableBytes)
            if dropped + chunk.readableBytes > Self.drainLimit { context.close(promise: nil) }
        case (.end, .draining):
            state = .idle
            if closing { context.close(promise: nil) }
        default:
            // The decoder and the pipeline handler deliver head, body…, end, one request at a time.
            context.close(promise: nil)
        }
    }

    /// Hands the request to the application; `ended` when its end has been read. The answer may come
    /// at once, within this call.
    private func dispatch(_ head: HTTPRequestHead, body: ByteBuffer?, oversizedLength: Int?, ended: Bool,
                          context: ChannelHandlerContext) {
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
