import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
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
    /// Send the session cookie only over HTTPS (behind a TLS proxy).
    public var secureCookies: Bool = false

    public init(storage: Storage) { self.storage = storage }

    /// PostgreSQL when `DATABASE_URL` is `postgres://…`, else SQLite in `dataDirectory/jixiao.sqlite`
    /// (the directory is made when missing).
    public static func fromEnvironment(dataDirectory: String) throws -> ServerConfiguration {
        if let url = Environment.get("DATABASE_URL"), url.hasPrefix("postgres") {
            return ServerConfiguration(storage: .postgres(url: url))
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return ServerConfiguration(storage: .sqlite(path: (dataDirectory as NSString).appendingPathComponent("jixiao.sqlite")))
    }
}

/// The application's migrations, in order. Append only: a released migration is never edited.
let migrations: [any Migration] = [
    M001_CreateOrganisation(),
    M002_CreateCycles(),
    M003_CreateRevisions(),
    M004_CreateAuditAndPublications(),
    M005_AppendOnlyAndIndexes(),
    M006_CreateReviewScorings(),
    SessionRecord.migration,
]

/// Wires the database, sessions, middleware, views and routes, and runs the migrations.
public func configure(_ app: Application, _ config: ServerConfiguration) async throws {
    switch config.storage {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
        app.writeSerializer = WriteSerializer()
        // The write-ahead log lets pages read while a save writes; FULL makes each commit durable
        // before it is acknowledged (a killed process or a power cut loses no acknowledged save).
        let sql = app.db as! any SQLDatabase
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=FULL").run()
    case .postgres(let url, let searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath
        // Under a burst of saves the processors, not the connections, are the bottleneck: requests
        // may wait long for a connection without anything being wrong, so they wait up to a minute.
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(60)), as: .psql)
        if let schema = searchPath?.first {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
    }
    app.migrations.add(migrations)
    try await app.autoMigrate()

    app.frameworks = try FrameworkRegistry.builtIn()
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.loginThrottle = LoginThrottle()
    app.routes.defaultMaxBodySize = ByteCount(value: config.bodyLimit)

    app.sessions.use(.fluent)
    let secure = config.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "jixiao-session") { id in
        HTTPCookies.Value(string: id.string, expires: Date(timeIntervalSinceNow: 8 * 3600), maxAge: nil, domain: nil, path: "/",
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
