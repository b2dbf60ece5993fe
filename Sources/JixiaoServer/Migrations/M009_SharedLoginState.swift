import Fluent
import SQLKit

/// 009: what every server process on one database must agree on, kept in the database: the
/// failed-login counts (`LoginThrottle`) and the secret the cookies' keys come from (`ServerSecret`).
struct M009_SharedLoginState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // Times as seconds since 1970 (DOUBLE PRECISION: REAL in SQLite), compared in SQL alike on both.
        try await sql.raw("""
            CREATE TABLE \(ident: LoginThrottle.table) (key TEXT PRIMARY KEY, count INTEGER NOT NULL,
            first_at DOUBLE PRECISION NOT NULL, last_at DOUBLE PRECISION NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX login_failures_last_at ON \(ident: LoginThrottle.table) (last_at)").run()
        try await sql.raw("CREATE TABLE \(ident: ServerSecret.table) (name TEXT PRIMARY KEY, value TEXT NOT NULL)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP TABLE \(ident: ServerSecret.table)").run()
        try await sql.raw("DROP TABLE \(ident: LoginThrottle.table)").run()
    }
}
