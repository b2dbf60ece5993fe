import Vapor

/// 登录与退出 — the login form and logout.
struct SessionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.grouped(RequirePermission(permission: .readPublished))
        open.get("login", use: form)
        open.post("login", use: login)
        open.post("logout", use: logout)
    }

    struct LoginForm: Encodable {
        var username: String
        var next: String
        var error: String?
    }

    func form(req: Request) async throws -> Response {
        try await req.page("login", title: "登录", LoginForm(username: "", next: Self.safeNext(req.query["next"]), error: nil))
    }

    struct Credentials: Content {
        var username: String
        var password: String
        var next: String?
    }

    func login(req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        let next = Self.safeNext(credentials.next)
        switch try await Login(request: req).attempt(username: credentials.username, password: credentials.password) {
        case .success:
            let response = req.redirect(to: next, redirectType: .normal)
            req.application.deviceCookie.remember(credentials.username, for: req, on: response)
            return response
        case .failure:
            return try await req.page("login", title: "登录", LoginForm(username: credentials.username, next: next, error: "登录名或密码错误"),
                                      status: .unauthorized)
        case .throttled(let wait, let busy):
            let response = try await req.page("login", title: "登录",
                                              LoginForm(username: credentials.username, next: next, error: Self.throttledMessage(wait, busy: busy)),
                                              status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(wait)")
            return response
        }
    }

    static func throttledMessage(_ wait: Int, busy: Bool) -> String {
        busy ? "此刻同时登录的人太多，请 \(wait) 秒后再试" : "登录失败次数过多，请 \(max(1, (wait + 59) / 60)) 分钟后再试"
    }

    func logout(req: Request) async throws -> Response {
        try await Login(request: req).logout()
        return req.redirect(to: "/", redirectType: .normal)
    }

    /// Only a path of this site, so that a login link cannot send the user elsewhere: one leading
    /// slash, then no second slash or backslash, and no control character or space anywhere
    /// (browsers drop a tab or line break, so `/%09/evil.example` would become `//evil.example`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.count <= 2000,
            !next.dropFirst().hasPrefix("/"), !next.contains("\\"),
            !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0.properties.isWhitespace }),
            let decoded = next.removingPercentEncoding, decoded == next || safeNext(decoded) == decoded
        else { return "/submissions" }
        return next
    }
}
