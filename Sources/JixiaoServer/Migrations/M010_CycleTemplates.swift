import Fluent
import JixiaoCore
import SQLKit

/// 010: each year's report template (`Cycle.templateID`, `Cycle.templateJSON`); the years opened
/// before templates could be chosen keep the outline they were written in, 湛江/廉江's.
struct M010_CycleTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // One column a statement: SQLite adds no more at once.
        try await sql.raw("ALTER TABLE \(ident: Cycle.schema) ADD COLUMN template_id TEXT NOT NULL DEFAULT \(literal: BuiltInTemplates.standardID)").run()
        try await sql.raw("ALTER TABLE \(ident: Cycle.schema) ADD COLUMN template_json TEXT").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE \(ident: Cycle.schema) DROP COLUMN template_json").run()
        try await sql.raw("ALTER TABLE \(ident: Cycle.schema) DROP COLUMN template_id").run()
    }
}
