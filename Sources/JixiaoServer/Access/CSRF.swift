import JixiaoForms
import Vapor

/// 防跨站请求伪造 — every request that changes something (any method but GET and HEAD) must carry
/// the session's token: as the form field `_csrf` (every form of the pages has it) or as the
/// `X-CSRF-Token` header (the JSON API; the token comes with the login answer and from
/// `GET /api/v1/me`); the login form of a visitor without a session carries a signed token of its
/// own (`LoginFormToken`). The one exception is the JSON login itself, which has no session yet and
/// which a page of another site cannot send (a cross-site form cannot post `application/json`).
struct CSRF: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let formField = "_csrf"
    static let header = "X-CSRF-Token"

    /// Bodies larger than this are refused with 413 before anything reads them.
    let bodyLimit: Int

    static func newToken() -> String { base64URL(Data([UInt8].random(count: 32))) }

    /// Bytes as text that a cookie, a form field and a URL carry unchanged.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The session's token, made when first needed.
    static func token(for request: Request) -> String {
        if let token = request.session.data[sessionKey] { return token }
        let token = newToken()
        request.session.data[sessionKey] = token
        return token
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > bodyLimit {
            throw Abort(.payloadTooLarge, reason: "请求内容过大（上限 \(bodyLimit / 1024 / 1024) MB）")
        }
        guard request.method != .GET && request.method != .HEAD else { return try await next.respond(to: request) }
        // Collect the body here (bounded) so the form field can be read before the route runs.
        let body: ByteBuffer?
        if let collected = request.body.data {
            body = collected
        } else {
            body = try await request.body.collect(max: bodyLimit).get()
        }
        if (body?.readableBytes ?? 0) > bodyLimit {
            throw Abort(.payloadTooLarge, reason: "请求内容过大（上限 \(bodyLimit / 1024 / 1024) MB）")
        }
        if request.url.path == "/api/v1/session" && request.method == .POST && request.headers.contentType == .json {
            return try await next.respond(to: request)
        }
        // The session's token, or on the login form a visitor's without a session (`LoginFormToken`); with
        // neither there is nothing to compare with: refused before the body is read.
        let expected = [request.hasSession ? request.session.data[Self.sessionKey] : nil,
                        request.url.path == "/login" ? request.application.loginFormToken.expected(request) : nil].compactMap { $0 }
        guard !expected.isEmpty else { throw Self.refusal }
        let sent = try request.headers.first(name: Self.header) ?? Self.formToken(request)
        guard let sent, expected.contains(where: { Self.equal($0, sent) }) else { throw Self.refusal }
        return try await next.respond(to: request)
    }

    private static let refusal = Abort(.forbidden, reason: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")

    /// The form's token, from the body read once for the handler too.
    private static func formToken(_ request: Request) throws -> String? {
        if let fields = try request.multipartFields() { return fields.text(formField) }
        return request.postedForm()?.values[formField]
    }

    /// Compares in time independent of where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
