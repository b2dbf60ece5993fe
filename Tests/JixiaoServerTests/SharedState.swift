import Foundation
import Testing
import Fluent
import SQLKit
import Vapor
import VaporTesting
@testable import JixiaoServer

/// Issue 22: several server processes on one database behave as one, and logins keep capacity for
/// real users. Each test failed on the server before the change (see the report of each). Two
/// `Application`s configured on one database stand for two processes; run on SQLite and PostgreSQL.
enum SharedState {
    /// Two processes started together on a new database both come up (their migrations do not
    /// collide); a session made on one is valid on the other; failed logins count across both; a
    /// device cookie made by one is honoured by the other and after a restart.
    static func twoProcessesOneSite(_ backend: Backend) async throws {
        try await withDatabase(backend) { database in
            async let first = database.start()
            async let second = database.start()
            let (one, two) = try await (first, second)
            _ = try await Demo.seed(one, exampleYAML: try exampleYAML(), passwords: Logins.passwords)

            // A session made on one process is valid on the other.
            let reviewer = Client(one)
            #expect(try await reviewer.login("reviewer").status == .seeOther)
            reviewer.app = two
            #expect(try await reviewer.get("/dashboard").status == .ok)
            #expect(try await reviewer.post("/logout").status == .seeOther)

            // The editor's own browser, which logged in on the first process, has a device cookie.
            let owner = Client(one)
            #expect(try await owner.login("editor").status == .seeOther)
            try await owner.post("/logout")
            // 6 wrong passwords from one address, alternating between the processes: locked on both.
            let attacker = Client(one)
            for k in 0..<6 {
                attacker.app = k % 2 == 0 ? one : two
                #expect(try await attacker.login("editor", password: "wrong").status == (k < 5 ? .unauthorized : .tooManyRequests))
            }
            for app in [one, two] {
                attacker.app = app
                #expect(try await attacker.login("editor").status == .tooManyRequests)
            }
            // More tries on the second process alone (by a stranger, without a device cookie, had
            // one been let in above): locked there whatever the first counted.
            attacker.app = two
            attacker.cookies[DeviceCookie.name] = nil
            for _ in 0..<5 { _ = try await attacker.login("editor", password: "wrong") }
            #expect(try await attacker.login("editor").status == .tooManyRequests)
            // The owner's device cookie, made by the first process, vouches on the second ...
            owner.app = two
            #expect(try await owner.login("editor").status == .seeOther)
            try await owner.post("/logout")
            // ... and on a process started after both have stopped.
            await database.stop(one)
            await database.stop(two)
            let restarted = try await database.start()
            owner.app = restarted
            attacker.app = restarted
            #expect(try await attacker.login("editor").status == .tooManyRequests)
            #expect(try await owner.login("editor").status == .seeOther)
        }
    }

    /// Finding 12: each browser gets a device cookie of its own; a stolen one that fails five
    /// times locks only that device, and a cookie vouches only for the name it was made for.
    static func deviceCookiePerDevice(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let office = Client(app), home = Client(app)
            #expect(try await office.login("editor").status == .seeOther)
            #expect(try await home.login("editor").status == .seeOther)
            let officeCookie = try #require(office.cookies[DeviceCookie.name])
            #expect(officeCookie != home.cookies[DeviceCookie.name])
            try await office.post("/logout")
            try await home.post("/logout")
            // The office cookie, stolen: five wrong passwords lock that device, not the home one.
            let thief = Client(app)
            thief.cookies[DeviceCookie.name] = officeCookie
            for _ in 0..<5 { #expect(try await thief.login("editor", password: "wrong").status == .unauthorized) }
            #expect(try await office.login("editor").status == .tooManyRequests)
            let homeDevice = home.cookies[DeviceCookie.name]?.split(separator: ".").first
            #expect(try await home.login("editor").status == .seeOther)
            // Logging in again keeps the device's own ID.
            #expect(home.cookies[DeviceCookie.name]?.split(separator: ".").first == homeDevice)
            // For another name the cookie is a stranger's: its failures count toward the address.
            let stranger = Client(app)
            stranger.cookies[DeviceCookie.name] = officeCookie
            for _ in 0..<5 { #expect(try await stranger.login("reviewer", password: "wrong").status == .unauthorized) }
            #expect(try await Client(app).login("reviewer").status == .tooManyRequests)
        }
    }

    /// Starts `count` wrong logins at once (`send(k)` sends the k-th) and returns once one of them
    /// has been refused (the password checks are full), with the task that collects all statuses.
    static func storm(_ count: Int, _ send: @escaping @Sendable (Int) async -> HTTPStatus?) async -> Task<[HTTPStatus], Never> {
        let (refusals, refused) = AsyncStream<Void>.makeStream()
        let statuses = Task {
            let all = await withTaskGroup(of: HTTPStatus?.self) { group in
                for k in 0..<count {
                    group.addTask {
                        let status = await send(k)
                        if status == .tooManyRequests { refused.yield() }
                        return status
                    }
                }
                return await group.reduce(into: [HTTPStatus]()) { if let status = $1 { $0.append(status) } }
            }
            refused.finish()
            return all
        }
        for await _ in refusals { break }
        return statuses
    }

    /// A storm of `count` wrong logins with fresh names from this test's one address.
    static func storm(_ app: Application, _ count: Int) async -> Task<[HTTPStatus], Never> {
        await storm(count) { k in try? await Client(app).json(.POST, "/api/v1/session", ["username": "storm\(k)", "password": "wrong"]).status }
    }

    /// Finding 7: a login refused as busy counts toward the address's budget, so that a storm from
    /// one address is soon spaced out instead of taking the password checks again and again.
    static func busyRefusalsCount(_ backend: Backend) async throws {
        try await withServer(backend, bcryptCost: 10) { app in
            let statuses = await storm(app, 40).value
            let busy = statuses.count { $0 == .tooManyRequests }, failed = statuses.count { $0 == .unauthorized }
            #expect(busy + failed == 40 && busy >= 40 - PasswordHashing.maximumWaiting - 1, "\(busy) busy, \(failed) failed")
            // 40 counted for the address (30 allowed): the next attempt waits, without a password check.
            let next = try await Client(app).login("storm-next", password: "wrong")
            #expect(next.status == .tooManyRequests)
            #expect(next.body.string.contains("登录失败次数过多"))
        }
    }

    /// Finding 7: while a storm of strangers fills the password checks, a user whose browser
    /// logged in before (a valid device cookie) still gets in: places are kept for such browsers,
    /// and they are served first.
    static func stormKeepsRoomForDevices(_ backend: Backend) async throws {
        try await withServer(backend, bcryptCost: 10) { app in
            let owner = Client(app)
            #expect(try await owner.login("editor").status == .seeOther)
            try await owner.post("/logout")
            _ = try await owner.get("/login")
            // The checks are full once a stranger is refused as busy; then the owner logs in.
            let storming = await storm(app, 40)
            let login = try await owner.post("/login", ["username": "editor", "password": Logins.passwords["editor"]!])
            #expect(login.status == .seeOther, "\(login.body.string.prefix(300))")
            #expect(await storming.value.contains(.tooManyRequests))
        }
    }

    /// Finding 11: the login page stores no session for a visitor (nor does any page for a cookie
    /// naming an ended session); its form's token is a signed cookie of its own, so CSRF holds.
    static func loginPageStoresNoSession(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let before = try await StoredSession.query(on: app.db).count()
            for _ in 0..<5 { #expect(try await Client(app).get("/login").status == .ok) }
            let stale = Client(app)
            stale.cookies["jixiao-session"] = "ended-session-id"
            for path in ["/login", "/", "/login"] { _ = try await stale.get(path) }
            #expect(try await StoredSession.query(on: app.db).count() == before)
            // The form works with its token ...
            let visitor = Client(app)
            #expect(try await visitor.login("editor").status == .seeOther)
            #expect(try await StoredSession.query(on: app.db).count() == before + 1)
            // ... and not without it, with another visitor's, or with the cookie of another.
            let other = Client(app)
            _ = try await other.get("/login")
            let credentials = ["username": "editor", "password": Logins.passwords["editor"]!]
            let noToken = Client(app)
            _ = try await noToken.get("/login")
            #expect(try await noToken.post("/login", credentials, token: false).status == .forbidden)
            let foreign = Client(app)
            foreign.csrf = other.csrf
            #expect(try await foreign.post("/login", credentials).status == .forbidden)
            let noCookie = Client(app)
            noCookie.csrf = other.csrf
            #expect(try await noCookie.post("/login", credentials).status == .forbidden)
            // The token is the login form's alone: it changes nothing elsewhere.
            #expect(try await other.post("/logout").status == .forbidden)
        }
    }

    /// `GET /healthz`: 200 when the database answers and is migrated, 503 with the reason when a
    /// migration is missing; no session either way.
    static func healthCheck(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let before = try await StoredSession.query(on: app.db).count()
            let ok = try await Client(app).get("/healthz")
            #expect(ok.status == .ok)
            #expect((try ok.json() as? [String: Any])?["status"] as? String == "ok")
            #expect(ok.headers.setCookie == nil)
            try await (app.db as! any SQLDatabase).delete(from: "_fluent_migrations")
                .where("name", .equal, M009_SharedLoginState().name).run()
            let missing = try await Client(app).get("/healthz")
            #expect(missing.status == .serviceUnavailable)
            #expect(missing.body.string.contains("迁移"))
            #expect(try await StoredSession.query(on: app.db).count() == before)
        }
    }

    /// Behind a trusted proxy the throttle counts the address that `X-Forwarded-For` names; from
    /// anyone else that header is ignored. A storm from 20 addresses through the proxy still lets
    /// a user with a device cookie in. Over real sockets (the address is the socket's).
    static func trustedProxy(_ backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let app = try await database.start {
                $0.trustedProxies = try! TrustedProxies("127.0.0.1")
                $0.bcryptCost = 10
            }
            _ = try await Demo.seed(app, exampleYAML: try exampleYAML(), passwords: Logins.passwords)
            // As many connections at once as the storm has logins.
            app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 100
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require((app.server as? JixiaoHTTPServer)?.localAddress?.port)
            @Sendable func login(_ username: String, _ password: String, from address: String?, device: String? = nil) async throws -> ClientResponse {
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                if let address { headers.add(name: .xForwardedFor, value: address) }
                if let device { headers.add(name: .cookie, value: "\(DeviceCookie.name)=\(device)") }
                return try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/session"), headers: headers) {
                    try $0.content.encode(["username": username, "password": password], as: .json)
                }
            }
            let password = Logins.passwords["editor"]!
            for _ in 0..<5 { #expect(try await login("editor", "wrong", from: "10.0.0.1").status == .unauthorized) }
            #expect(try await login("editor", password, from: "10.0.0.1").status == .tooManyRequests)
            #expect(try await login("editor", password, from: "198.51.100.7, 10.0.0.2").status == .ok)
            // A user's browser logs in once and keeps its device cookie.
            let first = try await login("reviewer", Logins.passwords["reviewer"]!, from: "10.0.0.3")
            let device = try #require(first.headers.setCookie?[DeviceCookie.name]?.string)
            // A storm of strangers from 20 addresses, 3 at a time each; the user still gets in.
            let storming = await storm(60) { k in try? await login("storm\(k)", "wrong", from: "10.1.0.\(k % 20)").status }
            #expect(try await login("reviewer", Logins.passwords["reviewer"]!, from: "10.0.0.3", device: device).status == .ok)
            let statuses = await storming.value
            #expect(statuses.count { $0 == .tooManyRequests } > 0 && statuses.count { $0 == .unauthorized } >= 10)
            // Not from a trusted proxy: the header is anyone's to write, and ignored.
            app.trustedProxies = .none
            for k in 0..<5 { #expect(try await login("jiaoyu", "wrong", from: "10.3.0.\(k)").status == .unauthorized) }
            #expect(try await login("jiaoyu", Logins.passwords["jiaoyu"]!, from: "10.3.0.9").status == .tooManyRequests)
            await app.server.shutdown()
        }
    }
}
