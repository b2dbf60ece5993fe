import Foundation
import NIOCore
import NIOEmbedded
import Testing
import Vapor
import VaporTesting
@testable import JixiaoServer

/// Issue 22's probe findings on the HTTP pipeline (1, 2, 8 and 14), each as a test that the server
/// before the fix fails. Work that grew faster than its input is measured as the ratio of two sizes,
/// 1 : 4, in the same run (the best of three each, taken in turns, so that a load on the machine
/// weighs on both), not against a clock; deadlines are set short and given ample margin.
enum HTTPPipelineFindings {
    /// How much longer four times the input takes (`measure(n)` is the time of the work on n): about 4
    /// when the work is linear, 16 when quadratic, about 1 when the input is not read.
    static func growth(size: Int, _ measure: (Int) async throws -> Duration) async throws -> Double {
        var small = Duration.seconds(1_000), large = small
        // The least of five turns each: a request of a few milliseconds is lengthened many times over
        // by a moment of the whole suite's load, and the least is the one that load spared.
        for _ in 0..<5 {
            small = min(small, try await measure(size))
            large = min(large, try await measure(4 * size))
        }
        return large / small
    }

    static func wallTime(_ body: () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    /// The CPU time of work done on this thread alone, which other work on the machine does not lengthen.
    static func threadTime(_ body: () throws -> Void) rethrows -> Duration {
        func now() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        let start = now()
        try body()
        return now() - start
    }

    /// The application's stand-in for a pipeline driven on the test's thread: answers with the length of
    /// the body it was handed.
    struct BodyLength: Responder {
        func respond(to request: Request) -> EventLoopFuture<Response> {
            request.eventLoop.makeSucceededFuture(Response(status: .ok, body: .init(string: "\(request.body.data?.readableBytes ?? 0)")))
        }
    }

    /// A POST of a chunked body in `pieces` chunks of `size` bytes.
    static func chunkedPost(pieces: Int, size: Int, path: String = "/login") -> String {
        let chunk = String(size, radix: 16) + "\r\n" + String(repeating: "a", count: size) + "\r\n"
        return "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + String(repeating: chunk, count: pieces) + "0\r\n\r\n"
    }

    /// 1. A chunked body is collected in time linear in its pieces (each piece was appended to a copy of
    /// all before it: a million pieces took minutes), and a body in more pieces than the budget is refused
    /// at once, before its end.
    static func chunkedBody() async throws {
        try await withServer(.sqlite) { app in
            // The server's pipeline on the test's thread, read 64 KB at a time as from a socket, its CPU time measured.
            let requests = [2_000: chunkedPost(pieces: 2_000, size: 512), 8_000: chunkedPost(pieces: 8_000, size: 512)]
            let ratio = try await growth(size: 2_000) { pieces in
                let channel = EmbeddedChannel()
                try JixiaoHTTPServer.addHandlers(to: channel, application: app, responder: BodyLength(), bodyLimit: 8 << 20,
                                                 counter: ConnectionCounter(limits: ConnectionLimits()), limits: ConnectionLimits())
                channel.pipeline.fireChannelActive()
                var bytes = ByteBuffer(string: requests[pieces]!)
                let time = try threadTime {
                    while let read = bytes.readSlice(length: min(65_536, bytes.readableBytes)), read.readableBytes > 0 {
                        try channel.writeInbound(read)
                    }
                }
                var answer = ""
                while let part = try channel.readOutbound(as: IOData.self) {
                    if case .byteBuffer(let buffer) = part { answer += String(buffer: buffer) }
                }
                #expect(answer.hasPrefix("HTTP/1.1 200 ") && answer.hasSuffix("\r\n\(pieces * 512)"), "\(answer)")
                _ = try? channel.finish()
                return time
            }
            #expect(ratio < 8, "8,000 pieces took \(ratio) times as long as 2,000")
            // A million tiny chunks, scaled down, on a real socket: refused at the budget, 400 with the reason.
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require((app.server as? JixiaoHTTPServer)?.localAddress?.port)
            let flood = try await RawHTTP.exchange(port: port, chunkedPost(pieces: 100_000, size: 1))
            #expect(flood.hasPrefix("HTTP/1.1 400 "), "\(flood.prefix(100))")
            #expect(flood.contains("分块过多"))
            // Within the budget: read whole and handed on (no session: 403 from the CSRF check).
            let within = try await RawHTTP.exchange(port: port, chunkedPost(pieces: 16_000, size: 16))
            #expect(within.hasPrefix("HTTP/1.1 403 "), "\(within.prefix(100))")
            await app.server.shutdown()
        }
    }

    /// A multipart body of `parts` empty parts and a last one named `name` holding `value`.
    static func multipart(parts: Int, partSize: Int = 0, name: String = "_csrf", value: String = "") -> (body: ByteBuffer, type: String) {
        let boundary = "probe-boundary"
        let padding = String(repeating: "a", count: partSize)
        var body = ByteBuffer()
        for k in 0..<parts { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\(k)\"\r\n\r\n\(padding)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// 2. Multipart bodies: split in linear time, at most 1,000 parts; without a session the CSRF check
    /// refuses before reading the body; with one, a body of too many parts is refused with 413.
    static func multipartForms(_ backend: Backend) async throws {
        // The parser alone: 4 times the parts, about 4 times the time (it was 16).
        let bodies = [250: Data(buffer: multipart(parts: 249, partSize: 8_192).body),
                      1_000: Data(buffer: multipart(parts: 999, partSize: 8_192).body)]
        let ratio = try await growth(size: 250) { parts in
            try threadTime {
                let fields = try MultipartFields(body: bodies[parts]!, boundary: "probe-boundary")
                #expect(fields.parts.count == parts)
            }
        }
        #expect(ratio < 8, "1,000 parts took \(ratio) times as long as 250")
        #expect(throws: MultipartFields.TooManyParts.self) {
            try MultipartFields(body: Data(buffer: multipart(parts: 1_000).body), boundary: "probe-boundary")
        }
        try await withServer(backend) { app in
            // No session, nothing to compare a token with: refused before the body is read, whatever its parts.
            let posts = [10_000: multipart(parts: 10_000), 40_000: multipart(parts: 40_000)]
            let ratio = try await growth(size: 10_000) { parts in
                try await wallTime {
                    let (body, type) = posts[parts]!
                    let response = try await Client(app).request(.POST, "/login", headers: ["Content-Type": type], body: body)
                    #expect(response.status == .forbidden)
                }
            }
            #expect(ratio < 6, "40,000 parts took \(ratio) times as long as 10,000")
            // A unit's editor, with the form's token: an upload of too many parts is refused, nothing stored.
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            _ = try await unit.get("/submissions/\(id)/edit")
            let before = try await revisionCount(app, id)
            let (body, type) = multipart(parts: 1_500, value: unit.csrf!)
            let response = try await unit.request(.POST, "/submissions/\(id)/upload", headers: ["Content-Type": type], body: body)
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("表单项过多"))
            #expect(try await revisionCount(app, id) == before)
        }
    }

    /// 14. A request line over the limit gets 414 also when its CRLF and headers come in the same read
    /// as its end; headers over the limit after a request line in bounds still get 431.
    static func requestLineOrHeaders() async throws {
        try await withServer(.sqlite) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require((app.server as? JixiaoHTTPServer)?.localAddress?.port)
            func status(_ request: String) async throws -> String {
                String(try await RawHTTP.exchange(port: port, request).prefix { $0 != "\r" })
            }
            for length in [16_500, 20_000, 30_000, 60_000] {
                let line = try await status("GET /" + String(repeating: "a", count: length) + " HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n")
                #expect(line.hasPrefix("HTTP/1.1 414 "), "\(length): \(line)")
            }
            for length in [16_500, 30_000] {
                let line = try await status("GET /login?a=1 HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: length) + "\r\n\r\n")
                #expect(line.hasPrefix("HTTP/1.1 431 "), "\(length): \(line)")
            }
            // In bounds (the target just under 16 KB): answered by the application.
            let near = try await status("GET /login?q=" + String(repeating: "c", count: 16_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(near.hasPrefix("HTTP/1.1 200 "), "\(near)")
            await app.server.shutdown()
        }
    }

    /// Short deadlines, so that the test waits a second, not a minute.
    static var shortDeadlines: ConnectionLimits {
        var limits = ConnectionLimits()
        limits.headTimeout = .milliseconds(500)
        limits.idleTimeout = .milliseconds(800)
        limits.bodyRateWindow = .milliseconds(500)
        limits.bodyMinimumRate = 10_000
        return limits
    }

    /// Runs `body` with a server of `limits` on a free loopback port.
    static func withHTTPServer(_ limits: ConnectionLimits, _ body: (Int) async throws -> Void) async throws {
        try await withServer(.sqlite) { app in
            let server = JixiaoHTTPServer(application: app, bodyLimit: 8 << 20, limits: limits)
            try await server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(server.localAddress?.port)
            do { try await body(port) } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }
    }

    /// 8. Connections that send nothing, a head a line at a time, or a body in a trickle are closed (408
    /// when a request had begun), as is a kept-alive connection left idle.
    static func slowAndIdleConnections() async throws {
        try await withHTTPServer(shortDeadlines) { port in
            // A visitor who connects and sends nothing.
            let silent = try RawConnection(port: port)
            let nothing = try await silent.readUntilClosed(within: 30)
            #expect(nothing.closed && nothing.text.isEmpty, "\(nothing)")
            // A head sent a line at a time.
            let slowHead = try RawConnection(port: port)
            slowHead.send("GET /login HTTP/1.1\r\nHost: x\r\n")
            for k in 0..<50 {
                if try await slowHead.answerWaiting(within: .milliseconds(100)) { break }
                slowHead.send("X-Slow-\(k): 1\r\n")
            }
            let head = try await slowHead.readUntilClosed(within: 30)
            #expect(head.closed && head.text.hasPrefix("HTTP/1.1 408 "), "\(head)")
            #expect(head.text.contains("请求头"))
            // A body at 1 KB/s where at least 10 KB/s is asked.
            let slowBody = try RawConnection(port: port)
            slowBody.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
            for _ in 0..<50 {
                if try await slowBody.answerWaiting(within: .milliseconds(100)) { break }
                slowBody.send(String(repeating: "a", count: 100))
            }
            let body = try await slowBody.readUntilClosed(within: 30)
            #expect(body.closed && body.text.hasPrefix("HTTP/1.1 408 "), "\(body.text.prefix(200))")
            #expect(body.text.contains("太慢"))
            // Answered, then left idle.
            let idle = try RawConnection(port: port)
            idle.send("GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
            let answered = try await idle.readUntilClosed(within: 30)
            #expect(answered.closed && answered.text.hasPrefix("HTTP/1.1 200 "), "\(answered.text.prefix(200))")
        }
    }

    /// 8. Beyond the total cap a new connection gets 503 at once; a place freed is taken again.
    static func connectionCap() async throws {
        var limits = ConnectionLimits()
        limits.total = 3
        try await withHTTPServer(limits) { port in
            var open: [RawConnection] = []
            for _ in 0..<3 {
                let connection = try RawConnection(port: port)
                connection.send("HEAD /login HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await connection.readHead(within: 30).hasPrefix("HTTP/1.1 200 "))
                open.append(connection)
            }
            let over = try RawConnection(port: port)
            let refused = try await over.readUntilClosed(within: 30)
            #expect(refused.closed && refused.text.hasPrefix("HTTP/1.1 503 "), "\(refused)")
            // Closed whole once answered, not left to linger uncounted.
            #expect(try await over.closedWhole())
            #expect(refused.text.contains("Retry-After: "))
            open.removeFirst().shutdown()
            var admitted = ""
            for _ in 0..<50 where !admitted.hasPrefix("HTTP/1.1 200 ") {
                try await Task.sleep(for: .milliseconds(100))
                let next = try RawConnection(port: port)
                next.send("HEAD /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                admitted = try await next.readUntilClosed(within: 30).text
            }
            #expect(admitted.hasPrefix("HTTP/1.1 200 "), "\(admitted)")
        }
    }
}

/// The connection counter alone: caps per address (loopback free) and in all, the total below the
/// file-descriptor limit, the settings from the environment.
struct ConnectionLimitTests {
    @Test func perAddressAndTotalCaps() throws {
        var limits = ConnectionLimits()
        limits.perAddress = 2
        limits.total = 6
        let counter = ConnectionCounter(limits: limits)
        let a = try SocketAddress(ipAddress: "10.0.0.1", port: 40_000), b = try SocketAddress(ipAddress: "10.0.0.2", port: 40_001)
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 40_002)
        #expect(counter.admit(a) == nil && counter.admit(a) == nil)
        #expect(counter.admit(a) == .address)
        #expect(counter.admit(b) == nil)
        // A proxy or the load test on this machine: no cap of its own, the total one only.
        #expect(counter.admit(loopback) == nil && counter.admit(loopback) == nil && counter.admit(loopback) == nil)
        #expect(counter.admit(loopback) == .total)
        counter.release(a)
        #expect(counter.admit(a) == nil)
        #expect(counter.admit(try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 1)) == .total)
        counter.release(b)
        #expect(counter.admit(try SocketAddress(ipAddress: "::1", port: 1)) == nil)
        // A trusted proxy on another machine: no cap of its own either.
        let proxied = ConnectionCounter(limits: limits, trustedProxies: try TrustedProxies("10.0.0.0/24"))
        #expect((0..<6).allSatisfy { _ in proxied.admit(a) == nil })
        limits.perAddress = 0
        let uncapped = ConnectionCounter(limits: limits)
        #expect((0..<6).allSatisfy { _ in uncapped.admit(a) == nil })
    }

    @Test func totalCapBelowTheFileDescriptorLimit() throws {
        #expect(ConnectionCounter.totalCap(fileDescriptorLimit: 1024) == 768)
        #expect(ConnectionCounter.totalCap(fileDescriptorLimit: 65_536) == 65_280)
        // `ulimit -n` as the kernel states it for this process.
        let limits = try String(contentsOfFile: "/proc/self/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let soft = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[3]))
        #expect(ConnectionCounter.fileDescriptorLimit() == soft)
        #expect(ConnectionCounter(limits: ConnectionLimits()).totalCap == ConnectionCounter.totalCap(fileDescriptorLimit: soft))
        #expect(ConnectionCounter.totalCap(fileDescriptorLimit: soft) < soft)
    }

    @Test func limitsFromTheEnvironment() throws {
        let limits = try ConnectionLimits.fromEnvironment([
            "JIXIAO_IDLE_TIMEOUT": "30", "JIXIAO_HEAD_TIMEOUT": "5", "JIXIAO_BODY_MIN_RATE": "1000",
            "JIXIAO_MAX_CONNECTIONS_PER_ADDRESS": "0", "JIXIAO_MAX_CONNECTIONS": "500",
        ])
        #expect(limits.idleTimeout == .seconds(30) && limits.headTimeout == .seconds(5) && limits.bodyMinimumRate == 1000)
        #expect(limits.perAddress == 0 && limits.total == 500)
        let defaults = try ConnectionLimits.fromEnvironment([:])
        #expect(defaults.idleTimeout == .seconds(75) && defaults.perAddress == 128 && defaults.total == nil)
        let error = #expect(throws: ServerConfigurationError.self) { try ConnectionLimits.fromEnvironment(["JIXIAO_HEAD_TIMEOUT": "二十"]) }
        #expect(error.map { "\($0)" } == "环境变量 JIXIAO_HEAD_TIMEOUT 应为不小于 1 的整数，而不是「二十」")
    }
}

@Suite("HTTP pipeline (issue 22)", .serialized)
struct HTTPPipelineTests {
    @Test func chunkedBody() async throws { try await HTTPPipelineFindings.chunkedBody() }
    @Test func requestLineOrHeaders() async throws { try await HTTPPipelineFindings.requestLineOrHeaders() }
    @Test func slowAndIdleConnections() async throws { try await HTTPPipelineFindings.slowAndIdleConnections() }
    @Test func connectionCap() async throws { try await HTTPPipelineFindings.connectionCap() }
    @Test func multipartFormsSQLite() async throws { try await HTTPPipelineFindings.multipartForms(.sqlite) }
    @Test(.enabled(if: Backend.postgresURL != nil, "JIXIAO_TEST_POSTGRES_URL is not set"))
    func multipartFormsPostgres() async throws { try await HTTPPipelineFindings.multipartForms(.postgres) }
}

/// One TCP connection to the server, driven byte by byte as a slow or idle client would. Its waits
/// run on a thread of their own (`RawHTTP.onOwnThread`), not on the threads the server needs.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws { socket = try RawHTTP.connect(port: port) }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Closes this side: the server sees the client leave.
    func shutdown() { _ = Glibc.shutdown(socket, Int32(SHUT_RDWR)) }

    private func waiting(_ timeout: Duration) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(timeout / .milliseconds(1))) > 0
    }

    /// Whether the server has sent something (or closed) within `timeout`.
    func answerWaiting(within timeout: Duration) async throws -> Bool {
        try await RawHTTP.onOwnThread { self.waiting(timeout) }
    }

    /// What the server sends until it closes the connection or `seconds` pass, and whether it closed.
    func readUntilClosed(within seconds: Double) async throws -> (text: String, closed: Bool) {
        try await RawHTTP.onOwnThread {
            let deadline = Date().addingTimeInterval(seconds)
            var answer: [UInt8] = []
            while Date() < deadline {
                guard self.waiting(.milliseconds(50)) else { continue }
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let n = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
                if n <= 0 { return (String(decoding: answer, as: UTF8.self), true) }
                answer += chunk[..<n]
            }
            return (String(decoding: answer, as: UTF8.self), false)
        }
    }

    /// Whether the server, having closed its side, has closed the connection whole: bytes sent now are
    /// answered with a reset, after which sending fails, where a half-closed connection reads and drops them.
    func closedWhole() async throws -> Bool {
        send("x")
        try await Task.sleep(for: .milliseconds(300))
        var byte: UInt8 = 0
        return Glibc.send(socket, &byte, 1, Int32(MSG_NOSIGNAL)) < 0
    }

    /// An answer's head (to its empty line), the connection left open.
    func readHead(within seconds: Double) async throws -> String {
        try await RawHTTP.onOwnThread {
            let deadline = Date().addingTimeInterval(seconds)
            var answer: [UInt8] = []
            while Date() < deadline, !String(decoding: answer, as: UTF8.self).contains("\r\n\r\n") {
                guard self.waiting(.milliseconds(50)) else { continue }
                var byte: UInt8 = 0
                guard recv(self.socket, &byte, 1, 0) == 1 else { break }
                answer.append(byte)
            }
            return String(decoding: answer, as: UTF8.self)
        }
    }
}
