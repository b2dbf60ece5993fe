import Fluent
import SQLKit

/// 005: revisions, the audit log and published files refuse updates and deletes in the database
/// itself, whatever code runs; and the indexes the dashboard and the lists read by.
struct M005_AppendOnlyAndIndexes: AsyncMigration {
    static let appendOnlyTables = [Revision.schema, AuditEvent.schema, PublishedFile.schema]

    static let indexes: [(name: String, table: String, columns: String)] = [
        ("submissions_cycle_status", Submission.schema, "cycle_id, status"),
        ("submissions_cycle_grade", Submission.schema, "cycle_id, grade"),
        ("finding_tallies_cycle_rule", FindingTally.schema, "cycle_id, rule"),
        ("finding_tallies_submission", FindingTally.schema, "submission_id"),
        ("revisions_submission", Revision.schema, "submission_id, number"),
        ("review_comments_submission", ReviewComment.schema, "submission_id"),
        ("audit_events_bureau_at", AuditEvent.schema, "bureau_id, at"),
        ("audit_events_target", AuditEvent.schema, "target_id"),
        ("budget_units_bureau", BudgetUnit.schema, "bureau_id, name"),
        ("cycles_bureau_year", Cycle.schema, "bureau_id, year"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))").run()
        }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION jixiao_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql
                """).run()
        }
        for table in Self.appendOnlyTables { try await Self.makeAppendOnly(table, on: sql) }
    }

    /// Triggers that refuse every update and delete of `table`'s rows (PostgreSQL: through
    /// `jixiao_append_only`, which this migration creates).
    static func makeAppendOnly(_ table: String, on sql: any SQLDatabase) async throws {
        for operation in ["UPDATE", "DELETE"] {
            let name = "\(table)_no_\(operation.lowercased())"
            if sql.dialect.name == "postgresql" {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: name) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION jixiao_append_only()
                    """).run()
            } else {
                try await sql.raw("""
                    CREATE TRIGGER IF NOT EXISTS \(unsafeRaw: name) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                    BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: table) is append-only'); END
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in Self.appendOnlyTables {
            for operation in ["update", "delete"] {
                let name = "\(table)_no_\(operation)"
                if sql.dialect.name == "postgresql" {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table)").run()
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
                }
            }
        }
        for index in Self.indexes { try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run() }
    }
}
