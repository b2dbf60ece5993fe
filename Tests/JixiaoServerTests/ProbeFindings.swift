import Foundation
import Testing
import Fluent
import SQLKit
import Vapor
import VaporTesting
import ZIPFoundation
@testable import JixiaoServer

/// The 16 holes that a probe of `jixiao serve` found (issue 12), each as a route test that the
/// server before the fix fails. Run on SQLite and on PostgreSQL (see `BackendSuites.swift`).
enum ProbeFindings {
    /// The process's peak memory, reset before the request that once blew it up: the peak after
    /// the request is what the request cost at most (other work in the process can only add).
    /// The test process's peak memory around one request. Other tests run beside it, and the
    /// process holds what they hold: the growth of the peak over the resident memory at its reset
    /// is judged, with room for their allocations, far below what the unbounded readers took (GBs).
    enum Memory {
        /// Resets the peak resident set size (VmHWM) to the current one (Linux ≥ 4.0) and returns
        /// that, in MB; nil where /proc is not Linux's.
        @discardableResult
        static func resetPeak() -> Int? {
            try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            return megabytes("VmRSS:")
        }

        /// How many MB the peak rose above `base` (what `resetPeak` returned).
        static func growth(since base: Int?) -> Int? {
            guard let base, let peak = megabytes("VmHWM:") else { return nil }
            return peak - base
        }

        private static func megabytes(_ field: String) -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
                let kB = Int(line.split(separator: " ").dropFirst().first ?? "")
            else { return nil }
            return kB / 1024
        }

        /// The most a bounded request may raise the peak, in MB.
        static let allowedGrowth = 250
    }

    /// Runs `body` and expects it to take under 2 s with the peak memory raised by under 250 MB.
    static func bounded<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        let base = Memory.resetPeak()
        let start = ContinuousClock.now
        let result = try await body()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(2), "\(what): \(elapsed)")
        if let growth = Memory.growth(since: base) { #expect(growth < Memory.allowedGrowth, "\(what): peak \(growth) MB above \(base ?? 0) MB") }
        return result
    }

    /// A text of 540 bytes that names 10⁹ nodes through aliases.
    static let billionLaughs = """
        format: jixiao/evaluation@1
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        ? *i
        : key
        """

    /// 1. Aliases are refused before they are expanded: by the live check and by a save.
    static func yamlAliases(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            let check = try await bounded("check") {
                try await unit.json(.POST, "/api/v1/submissions/\(id)/check", ["text": billionLaughs, "format": "yaml", "baseRevision": 0])
            }
            let answer = try check.json() as! [String: Any]
            #expect(answer["ok"] as? Bool == false)
            let problems = answer["problems"] as! [[String: Any]]
            #expect(problems.contains { ($0["message"] as! String).contains("锚点") && ($0["location"] as? String)?.hasPrefix("2:") == true })
            let save = try await bounded("save") {
                try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": billionLaughs, "format": "yaml", "baseRevision": 0])
            }
            #expect(save.status == .unprocessableEntity)
            #expect(try await revisionCount(app, id) == 1)
        }
    }

    /// 2. Two large, wholly different revisions: the diff page answers at once with a summary;
    /// a text over the length cap is not stored at all.
    static func largeDiff(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let editor = try await User.query(on: app.db).filter(\.$username == "editor").first()!
            // As if stored before the cap: 2.4 MB each, every line different (the quadratic table
            // of before needed 80 GB for them).
            for (number, tag) in [(2, "a"), (3, "b")] {
                let text = (0..<100_000).map { "line \(tag)\($0) padding" }.joined(separator: "\n")
                try await Revision(submissionID: id, number: number, authorID: editor.id!, at: Date(), text: text, sha256: "",
                                   source: "test", errorCount: 0, warningCount: 0).create(on: app.db)
            }
            let submission = try await Submission.find(id, on: app.db)!
            submission.revisionNumber = 3
            try await submission.save(on: app.db)
            let unit = Client(app)
            try await unit.login("editor")
            let page = try await bounded("diff page") { try await unit.get("/submissions/\(id)/diff?from=2&to=3") }
            #expect(page.status == .ok)
            #expect(page.body.string.contains("改动过多"))
            let api = try await bounded("diff API") { try await unit.get("/api/v1/submissions/\(id)/diff?from=2&to=3") }
            #expect((try api.json() as! [String: Any])["summary"] is String)
            // Saving such a text is refused before it is read.
            let long = try exampleYAML() + "\n# " + String(repeating: "长", count: 1 << 20)
            let response = try await bounded("long save") {
                try await unit.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": long, "format": "yaml", "baseRevision": 3])
            }
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("内容过长"))
            #expect(try await revisionCount(app, id) == 3)
        }
    }

    /// A workbook whose one sheet inflates from about 200 KB to 200 MB of zeros.
    static func zipBomb() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let workbook = """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="封面" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let rels = """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """
        for (path, text) in [("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let size = 200 << 20
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { _, chunk in Data(count: chunk) }
        return archive.data!
    }

    /// 3. A zip bomb uploaded as a workbook: refused while inflating, nothing stored.
    static func xlsxZipBomb(_ backend: Backend) async throws {
        let bomb = try zipBomb()
        #expect(bomb.count < 1 << 20)
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            _ = try await unit.get("/submissions/\(id)/edit")
            let response = try await bounded("zip bomb") { try await unit.upload("/submissions/\(id)/upload", name: "填报.xlsx", data: bomb, fields: ["_base": "1"]) }
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("压缩"))
            #expect(try await revisionCount(app, id) == 1)
        }
    }

    /// 4. Fresh names from one address: after 30 failures the address is slowed down, while
    /// another user, already logged in, is served.
    static func loginStorm(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let reviewer = Client(app)
            try await reviewer.login("reviewer")
            var statuses: [HTTPStatus] = []
            for k in 0..<32 { statuses.append(try await Client(app).login("fresh\(k)", password: "wrong").status) }
            #expect(statuses.prefix(30).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            #expect(try await reviewer.get("/dashboard").status == .ok)
        }
    }

    /// 5. A page number whose arithmetic would overflow is a 400, on the page and in the API.
    static func pageOverflow(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            for path in ["/admin/audit?page=100000000000000000", "/api/v1/audit?page=100000000000000000", "/admin/audit?page=-3",
                         "/api/v1/audit?page=x"] {
                let response = try await admin.get(path)
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.body.string.contains("页码"), "\(path)")
            }
            #expect(try await admin.get("/admin/audit?page=2").status == .ok)
        }
    }

    /// 6. A 7 MB login name adds one short line to the audit log, not 7 MB.
    static func longLoginName(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let name = String(repeating: "a", count: 7 << 20)
            #expect(try await Client(app).login(name, password: "wrong").status == .unauthorized)
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "login.failure").all()
            #expect(events.count == 1)
            #expect(events[0].detail.count < 100)
            #expect(events[0].actorName.count < 100)
        }
    }

    /// 7. The server ends sessions itself: 2 hours idle or 10 hours after login, and deletes them.
    static func sessionsExpire(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let unit = Client(app)
            try await unit.login("editor")
            #expect(try await unit.get("/submissions").status == .ok)
            let stored = try await StoredSession.query(on: app.db).all()
            #expect(!stored.isEmpty)
            for session in stored {
                session.seenAt = Date().addingTimeInterval(-3 * 3600)
                try await session.save(on: app.db)
            }
            // Idle too long: logged out, sent to the login page.
            let after = try await unit.get("/submissions")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
            // Past the absolute limit however recently seen.
            try await unit.login("editor")
            for session in try await StoredSession.query(on: app.db).all() {
                session.createdAt = Date().addingTimeInterval(-11 * 3600)
                try await session.save(on: app.db)
            }
            #expect(try await unit.get("/submissions").status == .seeOther)
            // Purged: no expired row is left.
            try await SessionLifetime.purge(on: app.db)
            #expect(try await StoredSession.query(on: app.db).all().allSatisfy { !SessionLifetime.expired(createdAt: $0.createdAt, seenAt: $0.seenAt, at: Date()) })
            // A visitor without a cookie who reads a public page stores no session.
            let before = try await StoredSession.query(on: app.db).count()
            for _ in 0..<5 { _ = try await Client(app).get("/") }
            #expect(try await StoredSession.query(on: app.db).count() == before)
        }
    }

    /// 8. Failures from the shared address lock out the anonymous attempts for the name, not the
    /// real user's browser that logged in before; unknown and known names cost the same hash.
    static func lockoutAndEnumeration(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let user = Client(app)
            #expect(try await user.login("editor").status == .seeOther)
            #expect(user.cookies[DeviceCookie.name] != nil)
            try await user.post("/logout")
            let attacker = Client(app)
            for _ in 0..<5 { #expect(try await attacker.login("editor", password: "wrong").status == .unauthorized) }
            #expect(try await attacker.login("editor").status == .tooManyRequests)
            // Same address (tests have none), but the browser that logged in as editor before.
            #expect(try await user.login("editor").status == .seeOther)
            // A forged device cookie counts for nothing.
            let forger = Client(app)
            forger.cookies[DeviceCookie.name] = "AAAA"
            #expect(try await forger.login("editor").status == .tooManyRequests)
            // The unknown user's hash has the configured cost (4 in tests), as every stored one.
            let stored = try await User.query(on: app.db).filter(\.$username == "editor").first()!.passwordHash
            #expect(app.passwordHashing.unknownUserHash.prefix(7) == stored.prefix(7))
        }
    }

    /// 8, timed: at cost 10, a wrong password for a real name and for an unknown one take alike.
    static func constantTimeLogin(_ backend: Backend) async throws {
        try await withServer(backend, bcryptCost: 10) { app in
            func time(_ name: String) async throws -> Duration {
                let start = ContinuousClock.now
                #expect(try await Client(app).login(name, password: "wrong").status == .unauthorized)
                return ContinuousClock.now - start
            }
            _ = try await time("reviewer")
            // Taken in turns, and the middle of five each, so that the load of other tests falls on both alike.
            var known: [Duration] = [], unknown: [Duration] = []
            for _ in 0..<5 {
                known.append(try await time("admin"))
                unknown.append(try await time("nobody-here"))
            }
            let k = known.sorted()[2], u = unknown.sorted()[2]
            #expect(u > k * 0.6 && u < k * 1.6, "known \(known), unknown \(unknown)")
        }
    }

    /// 9. Dashboard CSV: a unit name that a spreadsheet would run as a formula is neutralised.
    static func csvFormulas(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            _ = try await admin.get("/admin")
            for (name, code) in [("=HYPERLINK(\"http://evil.example\",\"点此\")", "901"), ("@SUM(A1)", "902"), ("+1", "903")] {
                #expect(try await admin.post("/admin/units", ["name": name, "code": code]).status == .seeOther)
            }
            let csv = try await admin.get("/dashboard/export.csv").body.string
            #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点此\"\")\""))
            #expect(csv.contains(",'@SUM(A1),"))
            #expect(csv.contains(",'+1,"))
            #expect(!csv.contains(",=") && !csv.contains(",@") && !csv.contains(",+"))
        }
    }

    /// 10. A name with a line break is refused; one stored before still gives a readable template.
    static func lineBreaksInNames(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let admin = Client(app)
            try await admin.login("admin")
            _ = try await admin.get("/admin")
            let refused = try await admin.post("/admin/units", ["name": "甲单位\nformat: evil", "code": "911"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("换行"))
            #expect(try await admin.post("/admin/units", ["name": "乙单位\r", "code": "912"]).status == .unprocessableEntity)
            // Stored before the check: the unit's blank template reads, its pages answer 200.
            let unit = try await BudgetUnit.query(on: app.db).filter(\.$code == "102").first()!
            unit.name = "廉江市教育局\nformat: evil"
            try await unit.save(on: app.db)
            let id = try await submissionID(app, unitCode: "102")
            let jiaoyu = Client(app)
            try await jiaoyu.login("jiaoyu")
            #expect(try await jiaoyu.get("/submissions/\(id)/edit").status == .ok)
            #expect(try await jiaoyu.get("/submissions/\(id)").status == .ok)
        }
    }

    /// 11. An evaluation naming another unit is refused, with the field and the reason.
    static func anotherUnitsEvaluation(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "102")
            let jiaoyu = Client(app)
            try await jiaoyu.json(.POST, "/api/v1/session", ["username": "jiaoyu", "password": Logins.passwords["jiaoyu"]!])
            let saved = try await jiaoyu.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": try exampleYAML(), "format": "yaml", "baseRevision": 0])
            #expect(saved.status == .unprocessableEntity)
            let problems = (try saved.json() as! [String: Any])["problems"] as! [[String: Any]]
            #expect(problems.contains { $0["path"] as? String == "cover.unit_name" && ($0["message"] as! String).contains("不是本单位") })
            #expect(try await revisionCount(app, id) == 0)
            // The same file with the unit's own name is stored.
            let own = try exampleYAML(for: "廉江市教育局")
            #expect(try await jiaoyu.json(.PUT, "/api/v1/submissions/\(id)/evaluation", ["text": own, "format": "yaml", "baseRevision": 0]).status == .created)
        }
    }

    /// 12. `next` that a browser would turn into another site is refused.
    static func openRedirect(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            for next in ["/\t/evil.example", "/%09/evil.example", "/%2F/evil.example", "//evil.example", "/\\evil.example", "/\n/evil.example"] {
                let client = Client(app)
                _ = try await client.get("/login")
                let response = try await client.post("/login", ["username": "editor", "password": Logins.passwords["editor"]!, "next": next])
                #expect(response.location == "/submissions", "\(next.debugDescription)")
            }
            let client = Client(app)
            _ = try await client.get("/login")
            let id = try await submissionID(app, unitCode: "101")
            let kept = try await client.post("/login", ["username": "editor", "password": Logins.passwords["editor"]!, "next": "/submissions/\(id)"])
            #expect(kept.location == "/submissions/\(id)")
        }
    }

    /// 13. A figure whose encoding is cut short is an error on the form, not an empty value.
    static func brokenPercentEncoding(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.login("editor")
            _ = try await unit.get("/submissions/\(id)/edit")
            let body = "_csrf=\(Client.encode(unit.csrf!))&_base=1&final_accounts.income.total=%E4%B8"
            let response = try await unit.request(.POST, "/submissions/\(id)/edit/final", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("编码不完整"))
            #expect(try await revisionCount(app, id) == 1)
        }
    }

    /// 14. No English internals: a JSON login without a password, an unknown YAML error, a refusal.
    static func chineseMessages(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let response = try await Client(app).json(.POST, "/api/v1/session", ["username": "editor"])
            #expect(response.status == .badRequest)
            let reason = (try response.json() as! [String: Any])["reason"] as! String
            #expect(!reason.contains { $0.isASCII && $0.isLetter }, "\(reason)")
            let id = try await submissionID(app, unitCode: "101")
            let unit = Client(app)
            try await unit.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!])
            for text in ["key: \"\\xZZ\"", "[a, b", "a: b: c", "%YAML 9.9\n---\nx: 1", "x:\n\t- y"] {
                let check = try await unit.json(.POST, "/api/v1/submissions/\(id)/check", ["text": text, "format": "yaml"])
                for problem in (try check.json() as! [String: Any])["problems"] as! [[String: Any]] {
                    // The format's name and the key's name are the only Latin words a clerk reads.
                    let message = ["YAML", "JSON", "Tab"].reduce(problem["message"] as! String) { $0.replacingOccurrences(of: $1, with: "") }
                    #expect(!message.contains { $0.isASCII && $0.isLetter }, "\(text.debugDescription): \(message)")
                }
            }
            #expect(ErrorPages.chinese(Abort(.forbidden)) == "没有权限")
            #expect(ErrorPages.chinese(Abort(.badRequest, reason: "Value of type 'String' required for key 'password'.")).allSatisfy { !$0.isASCII || !$0.isLetter })
        }
    }

    /// 15. A request line or headers beyond the decoder's limits get an answer (414, 431), as does
    /// any other request it cannot read (400); a request in bounds on the same server still works,
    /// two at a time on one connection.
    static func oversizedHeads(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require((app.server as? JixiaoHTTPServer)?.localAddress?.port)
            func status(_ request: String) async throws -> String {
                let answer = try await RawHTTP.exchange(port: port, request)
                return String(answer.prefix { $0 != "\r" })
            }
            let line = try await RawHTTP.exchange(port: port, "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(line.hasPrefix("HTTP/1.1 414 "), "\(line.prefix(200))")
            #expect(line.contains("网址过长"))
            #expect(try await status("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 200_000) + "\r\n\r\n")
                    .hasPrefix("HTTP/1.1 431 "))
            let many = (0..<300).map { "X-\($0): 1\r\n" }.joined()
            #expect(try await status("GET / HTTP/1.1\r\nHost: x\r\n\(many)\r\n").hasPrefix("HTTP/1.1 431 "))
            #expect(try await status("HELLO\r\n\r\n").hasPrefix("HTTP/1.1 400 "))
            let two = try await RawHTTP.exchange(port: port, "GET /login HTTP/1.1\r\nHost: x\r\n\r\nGET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(two.components(separatedBy: "HTTP/1.1 200 OK").count == 3, "\(two.prefix(1300))")
            await app.server.shutdown()
        }
    }

    /// 16. `serve --secure-cookies`: every cookie the server sets is Secure.
    static func secureCookies(_ backend: Backend) async throws {
        try await withServer(backend, secureCookies: true) { app in
            let client = Client(app)
            _ = try await client.get("/login")
            let response = try await client.post("/login", ["username": "editor", "password": Logins.passwords["editor"]!])
            let cookies = response.headers[.setCookie]
            #expect(cookies.count >= 2)
            #expect(cookies.allSatisfy { $0.contains("Secure") && $0.contains("HttpOnly") })
        }
    }
}

/// A client that sends raw bytes over TCP and reads all the server sends until it closes the
/// connection (or 30 s pass: a loaded machine is slow, and an answer ends the wait): what curl would show of an answer the HTTP client libraries refuse to send.
enum RawHTTP {
    /// A TCP socket connected to `port` on 127.0.0.1.
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EBADF) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
        return socket
    }

    /// Runs blocking socket work on a thread of its own. The raw clients wait in recv and poll; on
    /// the cooperative pool (as many threads as cores) such a wait holds a thread that the server
    /// under test, in this process, needs to answer them, and with other tests waiting alike it
    /// does not answer at all.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    static func exchange(port: Int, _ request: String) async throws -> String {
        try await onOwnThread {
            let socket = try connect(port: port)
            defer { close(socket) }
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let bytes = Array(request.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }  // the server may close early; what it answered is still to be read
                sent += n
            }
            var answer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                answer += chunk[..<n]
            }
            return String(decoding: answer, as: UTF8.self)
        }
    }
}
