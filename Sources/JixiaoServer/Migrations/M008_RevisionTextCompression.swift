import Fluent
import SQLKit

/// 008: PostgreSQL compresses the revisions' texts with LZ4 rather than its own pglz, where the
/// server has it: a revision's 30-odd KB went through pglz on every save, a quarter of the
/// database's processor time under a burst. Texts stored before stay as they are.
struct M008_RevisionTextCompression: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await setCompression("lz4", on: database)
    }

    func revert(on database: any Database) async throws {
        try await setCompression("pglz", on: database)
    }

    private func setCompression(_ method: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql",
              let row = try await sql.raw("SELECT enumvals::text AS methods FROM pg_settings WHERE name = 'default_toast_compression'").first(),
              try row.decode(column: "methods", as: String.self).contains(method)
        else { return }
        try await sql.raw("ALTER TABLE \(ident: Revision.schema) ALTER COLUMN text SET COMPRESSION \(unsafeRaw: method)").run()
    }
}
