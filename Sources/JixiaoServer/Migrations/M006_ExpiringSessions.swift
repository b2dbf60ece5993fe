import Fluent
import SQLKit

/// 006: sessions with their times (`StoredSession`); the untimed sessions of before end.
struct M006_ExpiringSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoredSession.schema).id()
            .field("key", .string, .required).field("data", .json, .required)
            .field("created_at", .datetime, .required).field("seen_at", .datetime, .required)
            .unique(on: "key").create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX IF NOT EXISTS sessions_seen_at ON sessions (seen_at)").run()
        try await database.schema(SessionRecord.schema).delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StoredSession.schema).delete()
    }
}
