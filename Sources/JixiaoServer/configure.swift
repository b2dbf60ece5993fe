import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import JixiaoRender
#if canImport(Glibc)
import Glibc
#endif
import Leaf
import LeafKit
import Vapor

/// How the server is set up: where its data lives and the limits it keeps.
public struct ServerConfiguration: Sendable {
    /// Where the data is stored.
    public enum Storage: Sendable {
        /// An embedded SQLite file (write-ahead log, full synchronous commits).
        case sqlite(path: String)
        /// A PostgreSQL database; `searchPath` puts the tables in a schema of their own (tests).
        case postgres(url: String, searchPath: [String]? = nil)
    }

    public var storage: Storage
    /// Largest request body accepted (uploads included); larger gets 413.
    public var bodyLimit: Int = 8 << 20
    /// Bcrypt cost of password hashes (the tests lower it to save time).
    public var bcryptCost: Int = 12
    /// How long a refused (throttled) login waits before its 429 (the tests shorten it).
    public var refusedLoginDelay: Duration = .seconds(2)
    /// Send the cookies only over HTTPS (behind a TLS proxy): `serve --secure-cookies`, or
    /// `JIXIAO_SECURE_COOKIES=1`.
    public var secureCookies: Bool = false
    /// How long and how many connections may be open (`JIXIAO_IDLE_TIMEOUT` and the like).
    public var connectionLimits = ConnectionLimits()
    /// LibreOffice, for the report's PDF in a downloaded package; nil: the package and the pages
    /// say that there is no PDF and why.
    public var pdfConverter: PDFConverter? = PDFConverter.find()
    /// The secret the cookies' keys are derived from (`ServerSecret`): `serve --secret-file`,
    /// `JIXIAO_SECRET_FILE` or `JIXIAO_SECRET`; nil: one made by the first process and kept in the database.
    public var secret: Data?
    /// The reverse proxies whose `X-Forwarded-For` names the client (`serve --trusted-proxy`,
    /// `JIXIAO_TRUSTED_PROXIES`); none: the socket's address is the client's.
    public var trustedProxies: TrustedProxies = .none
    /// What pdftotext may take for one uploaded PDF.
    public var pdfTextLimits = PDFText.standardLimits
    /// How many slow jobs (PDF text and conversion, workbook import, analysis of a large file) run
    /// at once and how many may wait; beyond that the server answers 429.
    var slowWork = SlowWork.Capacity.standard

    public init(storage: Storage) { self.storage = storage }

    /// PostgreSQL when `DATABASE_URL` is `postgres://…`, else SQLite in `dataDirectory/jixiao.sqlite`
    /// (the directory is made when missing).
    public static func fromEnvironment(dataDirectory: String) throws -> ServerConfiguration {
        var config: ServerConfiguration
        if let url = Environment.get("DATABASE_URL"), url.hasPrefix("postgres") {
            config = ServerConfiguration(storage: .postgres(url: url))
        } else {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            config = ServerConfiguration(storage: .sqlite(path: (dataDirectory as NSString).appendingPathComponent("jixiao.sqlite")))
        }
        config.secureCookies = ["1", "true", "yes"].contains(Environment.get("JIXIAO_SECURE_COOKIES")?.lowercased() ?? "")
        config.secret = try ServerSecret.configured(file: Environment.get("JIXIAO_SECRET_FILE").flatMap { $0.isEmpty ? nil : $0 },
                                                    environment: Environment.get("JIXIAO_SECRET"))
        config.trustedProxies = try TrustedProxies(Environment.get("JIXIAO_TRUSTED_PROXIES") ?? "")
        config.connectionLimits = try ConnectionLimits.fromEnvironment()
        return config
    }
}

/// The application's migrations, in order. Append only: a released migration is never edited.
let migrations: [any Migration] = [
    M001_CreateOrganisation(),
    M002_CreateCycles(),
    M003_CreateRevisions(),
    M004_CreateAuditAndPublications(),
    M005_AppendOnlyAndIndexes(),
    SessionRecord.migration,
    M006_ExpiringSessions(),
    M007_CreateReviewScorings(),
    M008_RevisionTextCompression(),
    M009_SharedLoginState(),
    M010_CycleTemplates(),
    M011_CreateProjectRevisions(),
]

/// Sets the database up and runs the migrations, one process at a time (`withStartupLock`):
/// several processes started together on a new database would otherwise create the same tables at
/// once, and all but one fail.
private func migrate(_ app: Application, _ storage: ServerConfiguration.Storage) async throws {
    app.migrations.add(migrations)
    try await withStartupLock(app, storage) {
        switch storage {
        case .sqlite:
            // The write-ahead log lets pages read while a save writes; FULL makes each commit durable
            // before it is acknowledged (a killed process or a power cut loses no acknowledged save).
            // FULL is SQLite's default on every new connection, the writer's too; this one states it.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=FULL").run()
        case .postgres(_, let searchPath):
            if let schema = searchPath?.first { try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run() }
        }
        try await app.autoMigrate()
    }
}

/// Runs `body` while no other process starting on the same database runs its own: the migrations,
/// and seeding the demo (two processes seeding a new database at once would both create the bureau).
/// PostgreSQL: under an advisory lock of the database, held by one connection meanwhile. SQLite:
/// under an exclusive lock of a file beside the database (`jixiao.sqlite.lock`).
func withStartupLock<T: Sendable>(_ app: Application, _ storage: ServerConfiguration.Storage,
                                  _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    switch storage {
    case .sqlite(let path):
        return try await withFileLock(path + ".lock", body)
    case .postgres:
        // The lock is the connection's: it is taken and given back on the one connection.
        return try await app.db.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("SELECT pg_advisory_lock(\(bind: startupLockKey))").run()
            do {
                let result = try await body()
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: startupLockKey))").run()
                return result
            } catch {
                _ = try? await sql.raw("SELECT pg_advisory_unlock(\(bind: startupLockKey))").run()
                throw error
            }
        }
    }
}

/// The advisory lock's number: jixiao's own (the bytes of "jixiao·m").
private let startupLockKey: Int64 = 0x6A69_7869_616F_B76D

/// Runs `body` holding an exclusive `flock` on `path` (made if missing); waits, without holding a
/// thread, while another process (or application) holds it.
private func withFileLock<T>(_ path: String, _ body: () async throws -> T) async throws -> T {
    let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw ServerConfigurationError("无法创建锁文件 \(path)：\(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
        guard errno == EWOULDBLOCK || errno == EINTR else { throw ServerConfigurationError("无法锁定 \(path)：\(String(cString: strerror(errno)))") }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await body()
}

/// Stops the password hashing threads with the application.
private struct PasswordHashingShutdown: LifecycleHandler {
    let hashing: PasswordHashing
    func shutdownAsync(_ application: Application) async { try? await hashing.shutdown() }
}

/// Wires the database, sessions, middleware, views and routes, and runs the migrations.
public func configure(_ app: Application, _ config: ServerConfiguration) async throws {
    switch config.storage {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
        let writes = DatabaseID(string: "sqlite-writes")
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: writes, isDefault: false)
        let serializer = WriteSerializer(database: writes)
        app.writeSerializer = serializer
        app.saveQueue = serializer
    case .postgres(let url, let searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath
        // Under a burst of saves the processors, not the connections, are the bottleneck: requests
        // may wait long for a connection without anything being wrong, so they wait up to a minute.
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(60)), as: .psql)
        app.saveQueue = WriteSerializer(database: .psql)
    }
    try await migrate(app, config.storage)
    let secret = try await ServerSecret.load(configured: config.secret, in: app)
    app.deviceCookie = DeviceCookie(key: secret.key(for: "device cookie"), secure: config.secureCookies)
    app.loginFormToken = LoginFormToken(key: secret.key(for: "login form"), secure: config.secureCookies)
    app.trustedProxies = config.trustedProxies

    app.frameworks = try FrameworkRegistry.builtIn()
    app.analysisCache = AnalysisCache()
    app.pdfConverter = config.pdfConverter
    app.pdfTextLimits = config.pdfTextLimits
    let slowWork = SlowWork(capacity: config.slowWork)
    app.slowWork = slowWork
    app.lifecycle.use(SlowWorkShutdown(slowWork: slowWork))
    if LimitedProcess.limiter == nil {
        app.logger.warning("未找到 prlimit（util-linux）：pdftotext 和 LibreOffice 只受时间限制，不受内存和处理器时间限制")
    }
    let hashing = try PasswordHashing(cost: config.bcryptCost)
    app.passwordHashing = hashing
    app.lifecycle.use(PasswordHashingShutdown(hashing: hashing))
    app.loginThrottle = LoginThrottle(delay: config.refusedLoginDelay)
    app.routes.defaultMaxBodySize = ByteCount(value: config.bodyLimit)
    app.useJixiaoHTTPServer(bodyLimit: config.bodyLimit, limits: config.connectionLimits)

    try await SessionLifetime.purge(on: app.db)
    let sessions = ExpiringSessions()
    app.sessions.use { _ in sessions }
    let secure = config.secureCookies
    // The cookie ends with the browser; the server ends the session itself (SessionLifetime).
    app.sessions.configuration = SessionsConfiguration(cookieName: "jixiao-session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    // Templates and static files ship inside the module's resource bundle, not the working directory.
    app.directory.viewsDirectory = Bundle.module.url(forResource: "Views", withExtension: nil)!.path + "/"
    app.directory.publicDirectory = Bundle.module.url(forResource: "Public", withExtension: nil)!.path + "/"
    app.views.use(.leaf)
    // The bundle sits under `.build/`, which the default "visible files only" limit refuses.
    let views = app.directory.viewsDirectory
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
                                                  sandboxDirectory: views, viewDirectory: views))

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeaders())
    app.middleware.use(ErrorPages())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(SessionPrincipalMiddleware())
    app.middleware.use(CSRF(bodyLimit: config.bodyLimit))

    try routes(app)
}
