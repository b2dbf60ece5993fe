import Foundation
import NIOCore
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
        for _ in 0..<3 {
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
}

@Suite("HTTP pipeline (issue 22)", .serialized)
struct HTTPPipelineTests {
    @Test func multipartFormsSQLite() async throws { try await HTTPPipelineFindings.multipartForms(.sqlite) }
    @Test(.enabled(if: Backend.postgresURL != nil, "JIXIAO_TEST_POSTGRES_URL is not set"))
    func multipartFormsPostgres() async throws { try await HTTPPipelineFindings.multipartForms(.postgres) }
}
