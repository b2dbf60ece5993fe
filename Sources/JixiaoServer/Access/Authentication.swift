import Fluent
import Vapor

/// Logs the session's user in for the request: the session holds only the user's ID, and the
/// user is read afresh each request, so a changed role takes effect at once.
struct SessionPrincipalMiddleware: AsyncMiddleware {
    static let userKey = "uid"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let text = request.session.data[Self.userKey], let id = UUID(uuidString: text) {
            if let user = try await User.find(id, on: request.db) {
                request.auth.login(Principal(user))
            } else {
                request.session.data[Self.userKey] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

extension Principal {
    init(_ user: User) {
        self.init(userID: user.id!, username: user.username, displayName: user.displayName, role: user.role,
                  bureauID: user.$bureau.id, unitID: user.$unit.id)
    }
}

/// 登录 — checks a username and password against the stored Bcrypt hash, with throttling.
struct Login {
    let request: Request

    enum Outcome {
        case success(Principal)
        case failure
        case throttled(retryAfter: Int)
    }

    func attempt(username: String, password: String) async throws -> Outcome {
        let key = LoginThrottle.key(username: username, address: request.remoteAddress?.ipAddress ?? "unknown")
        let throttle = request.application.loginThrottle
        if let wait = await throttle.retryAfter(key) { return .throttled(retryAfter: wait) }
        let user = try await User.query(on: request.db).filter(\.$username == username).first()
        // Verify against a fixed hash when the user is unknown, so the answer takes as long either way.
        let hash = user?.passwordHash ?? Self.unknownUserHash
        let matches = (try? await request.password.async.verify(password, created: hash)) ?? false
        guard let user, matches else {
            await throttle.recordFailure(key)
            try await Workflow(request).audit(Workflow.event(nil, "login.failure", "session", user?.id, "登录失败：\(username)",
                                                               bureau: user?.$bureau.id, actorName: "访客（\(request.remoteAddress?.ipAddress ?? "未知地址")）"))
            return .failure
        }
        await throttle.reset(key)
        let principal = Principal(user)
        // A new session ID at login, so that a session ID planted before login is worthless after it.
        if let old = request.session.id {
            request.session.id = nil
            try await request.application.sessions.driver.deleteSession(old, for: request).get()
        }
        request.session.data[SessionPrincipalMiddleware.userKey] = user.id!.uuidString
        request.session.data[CSRF.sessionKey] = CSRF.newToken()
        request.auth.login(principal)
        try await Workflow(request).audit(Workflow.event(principal, "login", "session", user.id, "登录"))
        return .success(principal)
    }

    func logout() async throws {
        if let principal = request.principal {
            try await Workflow(request).audit(Workflow.event(principal, "logout", "session", principal.userID, "退出"))
        }
        request.auth.logout(Principal.self)
        request.session.destroy()
    }

    /// Bcrypt of a random string nobody knows.
    static let unknownUserHash = (try? Bcrypt.hash(UUID().uuidString, cost: 10)) ?? ""
}

/// 登录限制 — after 5 failed logins for a username from one address within 15 minutes, that
/// pair must wait until the oldest failure is 15 minutes old. Kept in memory: one server process.
actor LoginThrottle {
    static let limit = 5
    static let window: TimeInterval = 15 * 60

    private var failures: [String: [Date]] = [:]
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    static func key(username: String, address: String) -> String { "\(username.lowercased())|\(address)" }

    /// Seconds to wait, or nil when a login may be tried.
    func retryAfter(_ key: String) -> Int? {
        let recent = prune(key)
        guard recent.count >= Self.limit, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(Self.window).timeIntervalSince(now())).rounded(.up)))
    }

    func recordFailure(_ key: String) {
        failures[key] = prune(key) + [now()]
    }

    func reset(_ key: String) { failures[key] = nil }

    private func prune(_ key: String) -> [Date] {
        let cutoff = now().addingTimeInterval(-Self.window)
        let recent = (failures[key] ?? []).filter { $0 > cutoff }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}

extension Application {
    private struct LoginThrottleKey: StorageKey { typealias Value = LoginThrottle }

    var loginThrottle: LoginThrottle {
        get {
            guard let throttle = storage[LoginThrottleKey.self] else { fatalError("configure(_:) sets up the login throttle") }
            return throttle
        }
        set { storage[LoginThrottleKey.self] = newValue }
    }
}
