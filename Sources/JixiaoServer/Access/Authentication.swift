import Fluent
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Logs the session's user in for the request: the session holds only the user's ID, and the
/// user is read afresh each request, so a changed role takes effect at once.
struct SessionPrincipalMiddleware: AsyncMiddleware {
    static let userKey = "uid"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let text = request.session.data[Self.userKey], let id = UUID(uuidString: text) {
            if let principal = try await Principal.load(id, on: request.db) {
                request.auth.login(principal)
            } else {
                request.session.data[Self.userKey] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

extension Principal {
    package init(_ user: User) {
        self.init(userID: user.id!, username: user.username, displayName: user.displayName, role: user.role,
                  bureauID: user.$bureau.id, unitID: user.$unit.id)
    }

    /// The user with `id` as a principal, in one SQL statement (this runs on every request).
    static func load(_ id: UUID, on db: any Database) async throws -> Principal? {
        guard let row = try await (db as! any SQLDatabase).select()
            .columns("username", "display_name", "role", "bureau_id", "unit_id").from(User.schema)
            .where("id", .equal, id).first()
        else { return nil }
        return Principal(userID: id, username: try row.decode(column: "username", as: String.self),
                         displayName: try row.decode(column: "display_name", as: String.self),
                         role: try row.decode(column: "role", as: Role.self),
                         bureauID: try row.decode(column: "bureau_id", as: UUID.self),
                         unitID: try row.decode(column: "unit_id", as: UUID?.self))
    }
}

/// 登录 — checks a username and password against the stored Bcrypt hash, with throttling.
struct Login {
    let request: Request

    enum Outcome {
        case success(Principal)
        case failure
        /// Refused for a while: after failures, or (`busy`) while the hashing threads and their
        /// queue are full, which says nothing about this name.
        case throttled(retryAfter: Int, busy: Bool)
    }

    /// Login names are at most 40 characters (`Workflow.createUser`); a longer one is nobody's and
    /// is written to the audit log only as its first characters.
    static let maximumUsername = 40

    func attempt(username: String, password: String) async throws -> Outcome {
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        let device = request.application.deviceCookie
        let place: LoginThrottle.Place = device.vouches(request, for: username) ? .device(address: address) : .address(address)
        let throttle = request.application.loginThrottle
        if let wait = await throttle.retryAfter(username: username, from: place) { return await throttle.refuse(retryAfter: wait) }
        let plausible = username.count <= Self.maximumUsername && password.utf8.count <= 200
        let user = plausible ? try await User.query(on: request.db).filter(\.$username == username).first() : nil
        // Verify against a hash of the same cost when the user is unknown, so the answer takes as long either way.
        let hashing = request.application.passwordHashing
        guard let matches = try await hashing.verify(password, created: user?.passwordHash ?? hashing.unknownUserHash) else {
            // The hashing threads are all busy and their queue is full: a storm of logins.
            return await throttle.refuse(retryAfter: 5, busy: true)
        }
        guard let user, matches else {
            await throttle.recordFailure(username: username, from: place)
            try await Workflow(request).audit(Workflow.event(nil, "login.failure", "session", user?.id, "登录失败：\(Workflow.loggable(username, 60))",
                                                               bureau: user?.$bureau.id, actorName: "访客（\(Workflow.loggable(address, 60))）"))
            return .failure
        }
        await throttle.reset(username: username, from: place)
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
}

/// 口令校验 — Bcrypt on threads of its own, so that a storm of logins cannot take the threads
/// that SQLite and file reads run on. At most `maximumWaiting` checks wait for a thread; beyond
/// that a login is answered "busy" at once instead of queueing without end.
final class PasswordHashing: Sendable {
    let cost: Int
    /// The hash that an unknown user's password is checked against: same cost, random secret.
    let unknownUserHash: String
    private let pool: NIOThreadPool
    private let gate: Gate
    static let maximumWaiting = 16

    init(cost: Int, threads: Int = 1) throws {
        self.cost = cost
        unknownUserHash = try Bcrypt.hash(UUID().uuidString, cost: cost)
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        gate = Gate(limit: threads + Self.maximumWaiting)
    }

    /// Whether `password` matches `hash`; nil when too many checks already wait.
    func verify(_ password: String, created hash: String) async throws -> Bool? {
        guard await gate.enter() else { return nil }
        do {
            let result = try await pool.runIfActive {
                Self.yieldToPages()
                return (try? Bcrypt.verify(password, created: hash)) ?? false
            }
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// A new hash of `password` (creating users: never refused, it waits its turn).
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func shutdown() async throws { try await pool.shutdownGracefully() }

    /// Runs the hashing thread at a lower priority (nice 10), so that under a storm of logins the
    /// processors serve pages first. On Linux the nice value is the calling thread's (`who` 0).
    private static func yieldToPages() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    private actor Gate {
        let limit: Int
        var inside = 0
        init(limit: Int) { self.limit = limit }

        func enter() -> Bool {
            guard inside < limit else { return false }
            inside += 1
            return true
        }

        func leave() { inside -= 1 }
    }
}

/// 登录限制 — failed logins within a 15-minute window, counted three ways:
/// - a name from one place: after 5, that pair waits until its oldest failure is 15 minutes old;
/// - one address, any names (a storm of fresh names): after 30, attempts from the address are
///   spaced out, one per 2, 4, 8 … up to 60 seconds;
/// - a name from any address: after 10, attempts for the name are spaced out likewise.
/// A browser that has logged in as the name before carries a device cookie (`DeviceCookie`) and
/// is counted as a place of its own, outside the address and name counts: failures by others
/// behind the same address (the bureau's NAT) or elsewhere never lock the real user out.
/// Kept in memory (one server process), with at most `maximumKeys` keys tracked.
actor LoginThrottle {
    static let pairLimit = 5
    static let addressLimit = 30
    static let nameLimit = 10
    static let longestSpacing: TimeInterval = 60
    static let window: TimeInterval = 15 * 60
    static let maximumKeys = 100_000
    /// Only the newest failures of a key matter for any limit.
    private static let kept = 64

    private var failures: [String: [Date]] = [:]
    private let now: @Sendable () -> Date
    /// How long a refused login waits before its answer: a client that retries at once is slowed
    /// to one attempt per `delay` and connection, and the wait costs a suspended task, not a thread.
    let delay: Duration

    init(delay: Duration = .seconds(2), now: @escaping @Sendable () -> Date = { Date() }) {
        self.delay = delay
        self.now = now
    }

    /// The answer to a refused login, after the delay.
    nonisolated func refuse(retryAfter wait: Int, busy: Bool = false) async -> Login.Outcome {
        try? await Task.sleep(for: min(delay, .seconds(wait)))
        return .throttled(retryAfter: wait, busy: busy)
    }

    /// Where an attempt comes from: an address, or a browser that logged in as the name before.
    enum Place: Sendable, Equatable {
        case address(String)
        case device(address: String)
    }

    private static func keys(_ username: String, _ place: Place) -> (pair: String, address: String?, name: String?) {
        let name = String(username.lowercased().prefix(Login.maximumUsername + 1))
        switch place {
        case .address(let address): return ("\(name)|\(address)", "@" + address, "#" + name)
        case .device: return ("\(name)|device", nil, nil)
        }
    }

    /// Seconds to wait, or nil when a login may be tried.
    func retryAfter(username: String, from place: Place) -> Int? {
        let keys = Self.keys(username, place), current = now()
        var waits: [Date] = []
        let pair = recent(keys.pair, current)
        if pair.count >= Self.pairLimit, let oldest = pair.first { waits.append(oldest.addingTimeInterval(Self.window)) }
        for (key, limit) in [(keys.address, Self.addressLimit), (keys.name, Self.nameLimit)] {
            guard let key else { continue }
            let times = recent(key, current)
            if times.count >= limit, let last = times.last {
                waits.append(last.addingTimeInterval(min(Self.longestSpacing, pow(2, Double(times.count - limit + 1)))))
            }
        }
        guard let until = waits.max(), until > current else { return nil }
        return max(1, Int(until.timeIntervalSince(current).rounded(.up)))
    }

    func recordFailure(username: String, from place: Place) {
        let keys = Self.keys(username, place), current = now()
        if failures.count > Self.maximumKeys { prune(current) }
        for key in [keys.pair, keys.address, keys.name].compactMap({ $0 }) {
            var times = failures[key] ?? []
            times.append(current)
            if times.count > Self.kept { times.removeFirst(times.count - Self.kept) }
            failures[key] = times
        }
    }

    /// A successful login clears its pair (the address's and the name's counts stay).
    func reset(username: String, from place: Place) { failures[Self.keys(username, place).pair] = nil }

    private func recent(_ key: String, _ current: Date) -> [Date] {
        let cutoff = current.addingTimeInterval(-Self.window)
        return (failures[key] ?? []).filter { $0 > cutoff }
    }

    /// Forgets every failure outside the window; when that is not enough (a flood of fresh
    /// names), forgets the names' and pairs' counts but keeps the addresses'.
    private func prune(_ current: Date) {
        let cutoff = current.addingTimeInterval(-Self.window)
        failures = failures.compactMapValues { times in
            let kept = times.filter { $0 > cutoff }
            return kept.isEmpty ? nil : kept
        }
        if failures.count > Self.maximumKeys / 2 { failures = failures.filter { $0.key.hasPrefix("@") } }
    }
}

/// 设备凭证 — a cookie that a browser gets when it logs in: an HMAC of the name under a key of
/// this server process, so it cannot be made up. With it, the browser's attempts for that name
/// are throttled apart from everyone else's (`LoginThrottle.Place.device`).
struct DeviceCookie: Sendable {
    static let name = "jixiao-device"
    /// The HMAC key's bytes (`SymmetricKey` itself is not `Sendable`).
    let key = Data([UInt8].random(count: 32))
    /// Sent only over HTTPS (`serve --secure-cookies`).
    let secure: Bool

    func value(for username: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(username.lowercased().utf8), using: SymmetricKey(data: key))).base64EncodedString()
    }

    /// Sets the cookie for a login as `username` on the response (kept a year).
    func remember(_ username: String, on response: Response) {
        response.cookies[Self.name] = HTTPCookies.Value(string: value(for: username), maxAge: 365 * 86400, path: "/",
                                                        isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// Whether the request carries the cookie of a past login as `username`.
    func vouches(_ request: Request, for username: String) -> Bool {
        guard let sent = request.cookies[Self.name]?.string else { return false }
        return sent == value(for: username)
    }
}

extension Application {
    private struct LoginThrottleKey: StorageKey { typealias Value = LoginThrottle }
    private struct PasswordHashingKey: StorageKey { typealias Value = PasswordHashing }
    private struct DeviceCookieKey: StorageKey { typealias Value = DeviceCookie }

    var deviceCookie: DeviceCookie {
        get {
            guard let cookie = storage[DeviceCookieKey.self] else { fatalError("configure(_:) sets up the device cookie") }
            return cookie
        }
        set { storage[DeviceCookieKey.self] = newValue }
    }

    var loginThrottle: LoginThrottle {
        get {
            guard let throttle = storage[LoginThrottleKey.self] else { fatalError("configure(_:) sets up the login throttle") }
            return throttle
        }
        set { storage[LoginThrottleKey.self] = newValue }
    }

    var passwordHashing: PasswordHashing {
        get {
            guard let hashing = storage[PasswordHashingKey.self] else { fatalError("configure(_:) sets up password hashing") }
            return hashing
        }
        set { storage[PasswordHashingKey.self] = newValue }
    }
}
