import Fluent
import SQLKit

/// 011: the revisions of each project form (项目支出绩效自评表) of a submission, append-only as the
/// evaluation's revisions are, each with jixiao's 总分 and 执行率 for the dashboard.
struct M011_CreateProjectRevisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProjectRevision.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("project", .int, .required)
            .field("number", .int, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("text", .string, .required)
            .field("sha256", .string, .required)
            .field("source", .string, .required)
            .field("score", .string)
            .field("execution_rate", .string)
            // Two concurrent saves of one project cannot both become revision n.
            .unique(on: "submission_id", "project", "number")
            .create()
        let sql = database as! any SQLDatabase
        try await M005_AppendOnlyAndIndexes.makeAppendOnly(ProjectRevision.schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for operation in ["update", "delete"] {
            let name = "\(ProjectRevision.schema)_no_\(operation)"
            try await sql.raw(sql.dialect.name == "postgresql" ? "DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON \(unsafeRaw: ProjectRevision.schema)"
                              : "DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
        }
        try await database.schema(ProjectRevision.schema).delete()
    }
}
