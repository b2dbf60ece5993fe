import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real `jixiao-server` processes on one database, as a bureau runs several behind a proxy (issue 22):
/// started together on a new database, both come up; SIGTERM finishes the save in flight and exits 0.
@Suite("jixiao-server processes", .serialized)
struct ServerProcessTests {
    /// A running `jixiao-server`, its port and what it printed.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        private let output = Pipe()
        private(set) var lines: [String] = []

        /// Starts the server on a free loopback port; `arguments` after the port and data options.
        init(data: URL, arguments: [String] = [], environment: [String: String] = [:]) throws {
            port = try Self.freePort()
            let binary = try CLITests.binary().deletingLastPathComponent().appendingPathComponent("jixiao-server")
            process.executableURL = binary
            process.arguments = ["--port", "\(port)", "--data", data.path] + arguments
            process.currentDirectoryURL = CLITests.root
            var env = ProcessInfo.processInfo.environment
            env["DATABASE_URL"] = nil
            process.environment = env.merging(environment) { $1 }
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        /// Reads the output until the server says where it listens, then waits until it takes
        /// connections (the address is printed just before); false if it exited first.
        func ready() -> Bool {
            var buffer = Data()
            let handle = output.fileHandleForReading
            while !lines.contains(where: { $0.hasPrefix("http://") }) {
                let chunk = handle.availableData
                if chunk.isEmpty { return false }
                buffer += chunk
                lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
            }
            for _ in 0..<200 where process.isRunning {
                let probe = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(probe) }
                if ServerProcessTests.connect(probe, port: port) { return true }
                usleep(50_000)
            }
            return false
        }

        /// The rest of the output, once the process has exited.
        func rest() -> String { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

        /// The demo login of the union's clerk (廉江市总工会), as printed; when the demo was there
        /// before, the login of `username` (its unit is not printed then).
        func clerkLogin(_ username: String? = nil) throws -> (username: String, password: String) {
            let line = try #require(lines.first { $0.contains(username.map { "：\($0) / " } ?? "（廉江市总工会）：") })
            let parts = line.components(separatedBy: "：").last!.components(separatedBy: " / ")
            return (parts[0], parts[1])
        }

        static func freePort() throws -> Int {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
            }
            guard bound else { throw POSIXError(.EADDRINUSE) }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    /// One HTTP/1.1 exchange over a socket of its own, the request written in `pieces` with
    /// `between` run after each but the last; the whole answer (the server closes the connection).
    static func exchange(port: Int, _ pieces: [Data], between: () -> Void = {}) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, port: port) else { throw POSIXError(.ECONNREFUSED) }
        for (index, piece) in pieces.enumerated() {
            _ = piece.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if index < pieces.count - 1 { between() }
        }
        var answer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += chunk[..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    static func connect(_ socket: Int32, port: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A request's bytes, with `Connection: close`.
    static func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data = Data()) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Data((head + "\r\n").utf8) + body
    }

    /// The answer's status line and its body as JSON.
    static func parse(_ answer: String) -> (status: String, json: [String: Any]?, cookies: [String]) {
        let parts = answer.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let cookies = head.filter { $0.lowercased().hasPrefix("set-cookie:") }.map { String($0.dropFirst("set-cookie:".count)).trimmingCharacters(in: .whitespaces).components(separatedBy: ";")[0] }
        return (head[0], try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], cookies)
    }

    /// The clerk logged in over the API: the cookie header and the CSRF token.
    static func logIn(_ server: Server, as username: String? = nil) throws -> (cookie: String, token: String) {
        let login = try server.clerkLogin(username)
        let body = try JSONSerialization.data(withJSONObject: ["username": login.username, "password": login.password])
        let answer = parse(try exchange(port: server.port, [request("POST", "/api/v1/session", headers: ["Content-Type": "application/json"], body: body)]))
        #expect(answer.status.hasPrefix("HTTP/1.1 200"), "\(answer.status)")
        return (answer.cookies.joined(separator: "; "), try #require(answer.json?["csrfToken"] as? String))
    }

    /// The demo clerk logged in over the API, and their submission's current evaluation: the
    /// headers of a JSON request with the session, the submission's ID, its text and revision.
    static func clerksEvaluation(_ server: Server) throws -> (headers: [String: String], id: String, text: String, revision: Int) {
        let (cookie, token) = try logIn(server)
        let headers = ["Cookie": cookie, "X-CSRF-Token": token, "Content-Type": "application/json"]
        let list = try exchange(port: server.port, [request("GET", "/api/v1/submissions", headers: headers)])
        let listBody = list.components(separatedBy: "\r\n\r\n").dropFirst().joined()
        let id = try #require((try JSONSerialization.jsonObject(with: Data(listBody.utf8)) as? [[String: Any]])?.first?["id"] as? String)
        let current = parse(try exchange(port: server.port, [request("GET", "/api/v1/submissions/\(id)/evaluation", headers: headers)]))
        return (headers, id, try #require(current.json?["text"] as? String), try #require(current.json?["revision"] as? Int))
    }

    @Test("two servers started together on a new SQLite database both come up and answer /healthz")
    func startTogether() throws {
        let data = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let servers = try (0..<2).map { _ in try Server(data: data) }
        defer { for server in servers where server.process.isRunning { server.process.terminate(); server.process.waitUntilExit() } }
        for server in servers {
            #expect(server.ready(), "\(server.lines.joined(separator: "\n"))\(server.process.isRunning ? "" : server.rest())")
            let health = Self.parse(try Self.exchange(port: server.port, [Self.request("GET", "/healthz")]))
            #expect(health.status.hasPrefix("HTTP/1.1 200"))
            #expect(health.json?["status"] as? String == "ok")
        }
    }

    @Test("SIGTERM: no new connection is taken, the save in flight is acknowledged and stored, exit 0")
    func sigtermFinishesTheSaveInFlight() throws {
        let data = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try Server(data: data, arguments: ["--demo"])
        defer { if server.process.isRunning { server.process.terminate(); server.process.waitUntilExit() } }
        #expect(server.ready())
        let (headers, id, current, revision) = try Self.clerksEvaluation(server)
        let text = current + "\n# 保存于停机之时\n"
        let save = Self.request("PUT", "/api/v1/submissions/\(id)/evaluation", headers: headers,
                           body: try JSONSerialization.data(withJSONObject: ["text": text, "format": "yaml", "baseRevision": revision]))
        // The save's head and most of its body are sent; then SIGTERM; then the rest of the body.
        var refusedMeanwhile = false
        let answer = try Self.exchange(port: server.port, [save.prefix(save.count - 20), save.suffix(20)]) {
            usleep(300_000)
            kill(server.process.processIdentifier, SIGTERM)
            usleep(500_000)
            let probe = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            refusedMeanwhile = !Self.connect(probe, port: server.port)
            close(probe)
        }
        #expect(Self.parse(answer).status.hasPrefix("HTTP/1.1 201"), "\(answer.prefix(400))")
        #expect(refusedMeanwhile, "a new connection was taken after SIGTERM")
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0,
                "\(server.process.terminationReason) \(server.process.terminationStatus): \(server.rest().suffix(600))")

        // Stored: a new process on the same data reads it back.
        let again = try Server(data: data, arguments: ["--demo"])
        defer { if again.process.isRunning { again.process.terminate(); again.process.waitUntilExit() } }
        #expect(again.ready())
        let (cookie2, token2) = try Self.logIn(again, as: try server.clerkLogin().username)
        let stored = Self.parse(try Self.exchange(port: again.port, [Self.request("GET", "/api/v1/submissions/\(id)/evaluation",
                                                                   headers: ["Cookie": cookie2, "X-CSRF-Token": token2])]))
        #expect(stored.json?["revision"] as? Int == revision + 1)
        #expect(stored.json?["text"] as? String == text)
    }

    @Test("SQLite online backup while saves go on: the copy restores, and its inventory is a consistent part of the live one")
    func backupWhileServing() throws {
        let data = try CLITests.temporaryDirectory()
        let restored = try CLITests.temporaryDirectory()
        defer { for url in [data, restored] { try? FileManager.default.removeItem(at: url) } }
        let server = try Server(data: data, arguments: ["--demo"])
        defer { if server.process.isRunning { server.process.terminate(); server.process.waitUntilExit() } }
        #expect(server.ready())
        let (headers, id, text, base) = try Self.clerksEvaluation(server)

        // Saves, one after another, while the backup is taken.
        let saves = 8
        final class Acknowledged: @unchecked Sendable { var revision = 0 }
        let acknowledged = Acknowledged()
        acknowledged.revision = base
        let saving = DispatchGroup()
        DispatchQueue.global().async(group: saving) {
            for k in 0..<saves {
                let body = try! JSONSerialization.data(withJSONObject: ["text": text + "\n# 第 \(k) 次保存\n", "format": "yaml",
                                                                        "baseRevision": acknowledged.revision])
                let answer = Self.parse((try? Self.exchange(port: server.port, [Self.request("PUT", "/api/v1/submissions/\(id)/evaluation", headers: headers, body: body)])) ?? "")
                if let next = answer.json?["revision"] as? Int { acknowledged.revision = next }
            }
        }
        usleep(200_000)
        let copy = restored.appendingPathComponent("jixiao.sqlite").path
        let backup = try CLITests.run(["serve", "--data", data.path, "--backup-to", copy], environment: ["DATABASE_URL": ""])
        #expect(backup.status == 0, "\(backup.stderr)")
        saving.wait()
        #expect(acknowledged.revision == base + saves, "every save was acknowledged")

        // The live database (the server still running) and the copy: each agrees with its own hashes,
        // and every revision and file of the copy is in the live database, byte for byte.
        let live = try CLITests.run(["serve", "--data", data.path, "--inventory"], environment: ["DATABASE_URL": ""])
        let copied = try CLITests.run(["serve", "--data", restored.path, "--inventory"], environment: ["DATABASE_URL": ""])
        #expect(live.status == 0 && copied.status == 0, "\(live.stderr)\(copied.stderr)")
        let liveLines = Set(live.stdout.split(separator: "\n").dropFirst())
        let copiedLines = copied.stdout.split(separator: "\n").dropFirst()
        #expect(copiedLines.contains { $0.hasPrefix("修订\t\(id.uppercased())\t1\t") })
        #expect(copiedLines.allSatisfy(liveLines.contains), "\(copied.stdout.prefix(2000))")
        #expect(liveLines.filter { $0.hasPrefix("修订\t") }.count == base + saves)
        // A second backup to the same file is refused: a backup is never overwritten.
        let again = try CLITests.run(["serve", "--data", data.path, "--backup-to", copy], environment: ["DATABASE_URL": ""])
        #expect(again.status == 2 && again.stderr.contains("已存在"), "\(again.stderr)")

        // Restored: a server on the copy comes up and holds what the copy's inventory says.
        let onCopy = try Server(data: restored)
        defer { if onCopy.process.isRunning { onCopy.process.terminate(); onCopy.process.waitUntilExit() } }
        #expect(onCopy.ready(), "\(onCopy.lines.joined(separator: "\n"))")
        let health = Self.parse(try Self.exchange(port: onCopy.port, [Self.request("GET", "/healthz")]))
        #expect(health.status.hasPrefix("HTTP/1.1 200"))
        onCopy.process.terminate(); onCopy.process.waitUntilExit()
        let afterRestore = try CLITests.run(["serve", "--data", restored.path, "--inventory"], environment: ["DATABASE_URL": ""])
        #expect(afterRestore.stdout == copied.stdout)
    }

    @Test("a new site's first admin: --create-admin on an empty database prints a password that logs in and may make units; the same name again is refused")
    func createFirstAdministrator() throws {
        let data = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let created = try CLITests.run(["serve", "--data", data.path, "--create-admin", "kezhang", "--bureau", "廉江市财政局"],
                                       environment: ["DATABASE_URL": ""])
        #expect(created.status == 0, "\(created.stderr)")
        let line = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("管理员：kezhang / ") })
        let password = String(line.dropFirst("管理员：kezhang / ".count))
        #expect(password.count == 16)

        let server = try Server(data: data)
        defer { if server.process.isRunning { server.process.terminate(); server.process.waitUntilExit() } }
        #expect(server.ready())
        let body = try JSONSerialization.data(withJSONObject: ["username": "kezhang", "password": password])
        let login = Self.parse(try Self.exchange(port: server.port, [Self.request("POST", "/api/v1/session", headers: ["Content-Type": "application/json"], body: body)]))
        #expect(login.status.hasPrefix("HTTP/1.1 200"), "\(login.status)")
        let token = try #require(login.json?["csrfToken"] as? String)
        let unit = try JSONSerialization.data(withJSONObject: ["name": "廉江市总工会", "code": "101"])
        let made = Self.parse(try Self.exchange(port: server.port, [Self.request("POST", "/api/v1/units", headers: [
            "Cookie": login.cookies.joined(separator: "; "), "X-CSRF-Token": token, "Content-Type": "application/json"], body: unit)]))
        #expect(made.status.hasPrefix("HTTP/1.1 201"), "\(made.status)")
        server.process.terminate(); server.process.waitUntilExit()

        let again = try CLITests.run(["serve", "--data", data.path, "--create-admin", "kezhang", "--bureau", "廉江市财政局"],
                                     environment: ["DATABASE_URL": ""])
        #expect(again.status == 2 && again.stderr.contains("登录名「kezhang」已被使用"), "\(again.stderr)")
        let noBureau = try CLITests.run(["serve", "--data", data.path, "--create-admin", "kezhang2"], environment: ["DATABASE_URL": ""])
        #expect(noBureau.status == 2 && noBureau.stderr.contains("--bureau"), "\(noBureau.stderr)")
    }

    @Test("the inventory of no database: exit 2 and a Chinese message naming the file")
    func inventoryOfNoDatabase() throws {
        let data = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try CLITests.run(["serve", "--data", data.path, "--inventory"], environment: ["DATABASE_URL": ""])
        #expect(result.status == 2)
        #expect(result.stderr.contains("找不到数据库文件") && result.stderr.contains("jixiao.sqlite"), "\(result.stderr)")
    }
}
