import Foundation
import Vapor

/// `jixiao serve`: starts the bureau's web application and runs it until stopped.
public enum JixiaoWebServer {
    /// Runs the server until SIGTERM or SIGINT, then stops taking connections, finishes the
    /// requests in flight (saves included) and returns. With `demo`, seeds the demo bureau first
    /// and prints its logins. With `secureCookies` (or `JIXIAO_SECURE_COOKIES=1`), cookies go only
    /// over HTTPS. `trustedProxies` and `secretFile`, when given, take the place of
    /// `JIXIAO_TRUSTED_PROXIES` and `JIXIAO_SECRET_FILE`. `prepare` runs after the demo data and
    /// before the first request (the load test's units); `demoPassword` is every demo
    /// user's password instead of new ones at each start (the load test's processes, which restart
    /// and start together, then all print the same logins).
    package static func run(hostname: String, port: Int, dataDirectory: String, demo: Bool, exampleYAML: String?,
                            secureCookies: Bool = false, trustedProxies: [String] = [], secretFile: String? = nil,
                            demoPassword: String? = nil,
                            prepare: (@Sendable (Application) async throws -> Void)? = nil,
                            print output: @escaping @Sendable (String) -> Void) async throws {
        var config = try ServerConfiguration.fromEnvironment(dataDirectory: dataDirectory)
        config.secureCookies = config.secureCookies || secureCookies
        if !trustedProxies.isEmpty { config.trustedProxies = try TrustedProxies(trustedProxies.joined(separator: ",")) }
        if let secretFile { config.secret = try ServerSecret.configured(file: secretFile, environment: nil) }
        // Vapor's own command line is not the user's: `jixiao serve` has parsed the arguments.
        let app = try await Application.make(Environment(name: "production", arguments: ["jixiao"]))
        do {
            try await configure(app, config)
            app.http.server.configuration.hostname = hostname
            app.http.server.configuration.port = port
            switch config.storage {
            case .sqlite(let path): output("数据：SQLite \(path)")
            case .postgres: output("数据：PostgreSQL（DATABASE_URL）")
            }
            // Two processes started together on a new database would both seed the demo: one at a time.
            if demo || prepare != nil {
                try await withStartupLock(app, config.storage) {
                    if demo {
                        guard let exampleYAML else { throw Abort(.internalServerError, reason: "找不到示例自评文件") }
                        let logins = try await Demo.seed(app, exampleYAML: exampleYAML, passwords: Demo.passwords(demoPassword))
                        output("演示数据：廉江市财政局，2021 年度（框架 national-2013）；登录：")
                        for login in logins {
                            output("  \(login.role)\(login.unit.map { "（\($0)）" } ?? "")：\(login.username) / \(login.password)")
                        }
                    }
                    try await prepare?(app)
                }
            }
            output("http://\(hostname):\(port)/")
            try await app.execute()
            // The signal has come: the server lets the requests in flight finish before the
            // application closes the database under them.
            await app.server.shutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// `jixiao serve --create-admin NAME --bureau 名称`: a new site's first admin (the bureau made if
    /// absent), after the migrations a start would run; returns the new password, to print once.
    package static func createFirstAdministrator(dataDirectory: String, bureauName: String, username: String) async throws -> String {
        let config = try ServerConfiguration.fromEnvironment(dataDirectory: dataDirectory)
        let app = try await Application.make(Environment(name: "production", arguments: ["jixiao"]))
        do {
            try await configure(app, config)
            let password = PasswordHashing.randomPassword(length: 16)
            do {
                _ = try await Workflow(app: app).createFirstAdministrator(bureauName: bureauName, username: username,
                                                                          displayName: "\(bureauName)管理员", password: password)
            } catch let refused as any AbortError {
                throw ServerConfigurationError(refused.reason)
            }
            try await app.asyncShutdown()
            return password
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The worked example (for `--demo`), from the working directory or the source tree.
    package static func exampleYAML() -> String? {
        let name = "examples/lianjiang-zonggonghui-2021.yaml"
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for url in [URL(fileURLWithPath: name), sourceRoot.appendingPathComponent(name)] {
            if let text = try? String(contentsOf: url, encoding: .utf8) { return text }
        }
        return nil
    }
}
