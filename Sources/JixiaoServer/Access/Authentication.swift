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
        let address = request.clientAddress
        let app = request.application
        let device = app.deviceCookie.device(vouchingFor: username, in: request)
        let place: LoginThrottle.Place = device.map { .device($0) } ?? .address(address)
        let throttle = app.loginThrottle
        if let wait = try await throttle.retryAfter(username: username, from: place, in: app) { return await throttle.refuse(retryAfter: wait) }
        let plausible = username.count <= Self.maximumUsername && password.utf8.count <= 200
        let user = plausible ? try await User.query(on: request.db).filter(\.$username == username).first() : nil
        // Verify against a hash of the same cost when the user is unknown, so the answer takes as long either way.
        let hashing = app.passwordHashing
        guard let matches = try await hashing.verify(password, created: user?.passwordHash ?? hashing.unknownUserHash,
                                                     vouched: device != nil) else {
            // The hashing threads are all busy and their queue is full: a storm of logins. The
            // refusal counts toward the address's budget, so that a storm soon waits its turn.
            try await throttle.recordBusy(from: place, in: app)
            return await throttle.refuse(retryAfter: 5, busy: true)
        }
        guard let user, matches else {
            try await throttle.recordFailure(username: username, from: place, in: app)
            try await Workflow(request).audit(Workflow.event(nil, "login.failure", "session", user?.id, "登录失败：\(Workflow.loggable(username, 60))",
                                                               bureau: user?.$bureau.id, actorName: "访客（\(Workflow.loggable(address, 60))）"))
            return .failure
        }
        try await throttle.reset(username: username, from: place, in: app)
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
/// that a login is answered "busy" at once instead of queueing without end. The last
/// `reservedForDevices` places are kept for browsers that logged in as the name before (a valid
/// device cookie), which are also served first: a storm of strangers cannot shut real users out.
final class PasswordHashing: Sendable {
    /// A password printed once (the demo's users, a new site's first admin): letters and digits that
    /// are not mistaken for one another when read off a screen (no l, 1, o, 0, i).
    static func randomPassword(length: Int = 12) -> String {
        String((0..<length).map { _ in "abcdefghjkmnpqrstuvwxyz23456789".randomElement()! })
    }

    let cost: Int
    /// The hash that an unknown user's password is checked against: same cost, random secret.
    let unknownUserHash: String
    private let pool: NIOThreadPool
    private let gate: Gate
    static let maximumWaiting = 16
    static let reservedForDevices = 4

    init(cost: Int, threads: Int = 1) throws {
        self.cost = cost
        unknownUserHash = try Bcrypt.hash(UUID().uuidString, cost: cost)
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        gate = Gate(threads: threads, limit: threads + Self.maximumWaiting, reserved: Self.reservedForDevices)
    }

    /// Whether `password` matches `hash`; nil when too many checks already wait. `vouched`: the
    /// attempt comes with a device cookie for the name, and may take the reserved places.
    func verify(_ password: String, created hash: String, vouched: Bool = false) async throws -> Bool? {
        guard await gate.enter(vouched: vouched) else { return nil }
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

    /// Lets `threads` checks run at once and the rest wait, vouched ones first.
    private actor Gate {
        let threads: Int, limit: Int, reserved: Int
        var running = 0
        var vouchedWaiting: [CheckedContinuation<Void, Never>] = []
        var othersWaiting: [CheckedContinuation<Void, Never>] = []

        init(threads: Int, limit: Int, reserved: Int) {
            self.threads = threads
            self.limit = limit
            self.reserved = reserved
        }

        func enter(vouched: Bool) async -> Bool {
            let inside = running + vouchedWaiting.count + othersWaiting.count
            guard inside < (vouched ? limit : limit - reserved) else { return false }
            if running < threads {
                running += 1
                return true
            }
            await withCheckedContinuation { waiter in
                if vouched { vouchedWaiting.append(waiter) } else { othersWaiting.append(waiter) }
            }
            return true
        }

        /// Hands the thread to the next waiting check (which then counts as running), if any.
        func leave() {
            if !vouchedWaiting.isEmpty {
                vouchedWaiting.removeFirst().resume()
            } else if !othersWaiting.isEmpty {
                othersWaiting.removeFirst().resume()
            } else {
                running -= 1
            }
        }
    }
}

/// 登录限制 — failed logins within a 15-minute window, counted three ways:
/// - a name from one place: after 5, that pair waits until 15 minutes after its first failure;
/// - one address, any names (a storm of fresh names): after 30, attempts from the address are
///   spaced out, one per 2, 4, 8 … up to 60 seconds; a login refused because too many were
///   being checked at once counts here too;
/// - a name from any address: after 10, attempts for the name are spaced out likewise.
/// A browser that has logged in as the name before carries a device cookie (`DeviceCookie`) and
/// is counted as a place of its own, outside the address and name counts: failures by others
/// behind the same address (the bureau's NAT), elsewhere or on another device never lock it out.
/// The counts live in the database (`login_failures`, one row a key), so that every server
/// process on it counts the same failures; a row whose window has passed starts again at one,
/// and rows idle for a window are deleted now and then.
struct LoginThrottle: Sendable {
    static let table = "login_failures"
    static let pairLimit = 5
    static let addressLimit = 30
    static let nameLimit = 10
    static let longestSpacing: TimeInterval = 60
    static let window: TimeInterval = 15 * 60

    private let now: @Sendable () -> Date
    private let purges = PurgeSchedule(interval: window)
    /// How long a refused login waits before its answer: a client that retries at once is slowed
    /// to one attempt per `delay` and connection, and the wait costs a suspended task, not a thread.
    let delay: Duration

    init(delay: Duration = .seconds(2), now: @escaping @Sendable () -> Date = { Date() }) {
        self.delay = delay
        self.now = now
    }

    /// The answer to a refused login, after the delay.
    func refuse(retryAfter wait: Int, busy: Bool = false) async -> Login.Outcome {
        try? await Task.sleep(for: min(delay, .seconds(wait)))
        return .throttled(retryAfter: wait, busy: busy)
    }

    /// Where an attempt comes from: an address, or a browser (its device ID) that logged in as the name before.
    enum Place: Sendable, Equatable {
        case address(String)
        case device(String)
    }

    private static func keys(_ username: String, _ place: Place) -> (pair: String, address: String?, name: String?) {
        let name = String(username.lowercased().prefix(Login.maximumUsername + 1))
        switch place {
        case .address(let address): return ("\(name)|\(address)", "@" + address, "#" + name)
        case .device(let id): return ("\(name)|device:\(id)", nil, nil)
        }
    }

    /// Seconds to wait, or nil when a login may be tried: one read of the attempt's keys.
    func retryAfter(username: String, from place: Place, in app: Application) async throws -> Int? {
        let keys = Self.keys(username, place), current = now()
        let wanted = [keys.pair, keys.address, keys.name].compactMap { $0 }
        let rows = try await (app.db as! any SQLDatabase).select().columns("key", "count", "first_at", "last_at").from(Self.table)
            .where("key", .in, wanted).where("first_at", .greaterThan, current.timeIntervalSince1970 - Self.window).all()
        var waits: [TimeInterval] = []
        for row in rows {
            let key = try row.decode(column: "key", as: String.self), count = try row.decode(column: "count", as: Int.self)
            if key == keys.pair {
                if count >= Self.pairLimit { waits.append(try row.decode(column: "first_at", as: Double.self) + Self.window) }
            } else if case let limit = key == keys.address ? Self.addressLimit : Self.nameLimit, count >= limit {
                let spacing = min(Self.longestSpacing, pow(2, Double(min(count - limit + 1, 16))))
                waits.append(try row.decode(column: "last_at", as: Double.self) + spacing)
            }
        }
        guard let until = waits.max(), until > current.timeIntervalSince1970 else { return nil }
        return max(1, Int((until - current.timeIntervalSince1970).rounded(.up)))
    }

    func recordFailure(username: String, from place: Place, in app: Application) async throws {
        let keys = Self.keys(username, place)
        try await count([keys.pair, keys.address, keys.name].compactMap { $0 }, in: app)
    }

    /// A login refused as busy counts toward its address (a device's does not: it was no stranger).
    func recordBusy(from place: Place, in app: Application) async throws {
        guard case .address(let address) = place else { return }
        try await count(["@" + address], in: app)
    }

    /// A successful login clears its pair (the address's and the name's counts stay).
    func reset(username: String, from place: Place, in app: Application) async throws {
        let pair = Self.keys(username, place).pair
        try await app.write(on: app.db) { db in
            try await (db as! any SQLDatabase).delete(from: Self.table).where("key", .equal, pair).run()
        }
    }

    /// Adds a failure to each key in one statement, whichever process counts it: a key whose
    /// window has passed starts again at one.
    private func count(_ keys: [String], in app: Application) async throws {
        let current = now().timeIntervalSince1970, cutoff = current - Self.window
        let purge = await purges.due(now())
        try await app.write(on: app.db) { db in
            let sql = db as! any SQLDatabase
            if purge { try await sql.delete(from: Self.table).where("last_at", .lessThan, cutoff).run() }
            let rows = SQLList(keys.map { key -> SQLQueryString in "(\(bind: key), 1, \(bind: current), \(bind: current))" })
            try await sql.raw("""
                INSERT INTO \(ident: Self.table) (key, count, first_at, last_at) VALUES \(rows)
                ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN \(ident: Self.table).first_at <= \(bind: cutoff) THEN 1 ELSE \(ident: Self.table).count + 1 END,
                first_at = CASE WHEN \(ident: Self.table).first_at <= \(bind: cutoff) THEN excluded.first_at ELSE \(ident: Self.table).first_at END,
                last_at = excluded.last_at
                """).run()
        }
    }
}

/// 设备凭证 — a cookie that a browser gets when it logs in: a random ID of the device and an HMAC
/// of that ID with the name, under a key derived from the server's secret (`ServerSecret`), so
/// that it cannot be made up and every server process honours it, after restarts too. With it,
/// the browser's attempts for that name are throttled as a place of its own
/// (`LoginThrottle.Place.device`): one device's failures (a stolen cookie's) lock only that device.
struct DeviceCookie: Sendable {
    static let name = "jixiao-device"
    /// The HMAC key's bytes (`SymmetricKey` itself is not `Sendable`).
    let key: Data
    /// Sent only over HTTPS (`serve --secure-cookies`).
    let secure: Bool

    private func signature(device: String, username: String) -> String {
        let text = Data("\(device)\n\(username.lowercased())".utf8)
        return CSRF.base64URL(Data(HMAC<SHA256>.authenticationCode(for: text, using: SymmetricKey(data: key))))
    }

    /// Sets the cookie for a login as `username` on the response (kept a year): the device keeps
    /// its ID when its cookie vouched for the name, else gets a new one.
    func remember(_ username: String, for request: Request, on response: Response) {
        let device = self.device(vouchingFor: username, in: request) ?? CSRF.newToken()
        response.cookies[Self.name] = HTTPCookies.Value(string: "\(device).\(signature(device: device, username: username))",
                                                        maxAge: 365 * 86400, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// The ID of the device, when the request carries the cookie of a past login as `username`.
    func device(vouchingFor username: String, in request: Request) -> String? {
        guard let sent = request.cookies[Self.name]?.string else { return nil }
        let parts = sent.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 64,
            CSRF.equal(String(parts[1]), signature(device: String(parts[0]), username: username))
        else { return nil }
        return String(parts[0])
    }
}

/// Says when something done now and then (deleting what has expired) is due, in this process.
actor PurgeSchedule {
    private let interval: TimeInterval
    private var last = Date.distantPast

    init(interval: TimeInterval) { self.interval = interval }

    /// Whether it is due at `now` (and, if so, counts it as done).
    func due(_ now: Date) -> Bool {
        guard now.timeIntervalSince(last) > interval else { return false }
        last = now
        return true
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
