import Fluent

/// 003: revisions (immutable), reviewers' comments and the per-rule finding tallies.
struct M003_CreateRevisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Revision.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("number", .int, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("text", .string, .required)
            .field("sha256", .string, .required)
            .field("source", .string, .required)
            .field("error_count", .int, .required)
            .field("warning_count", .int, .required)
            // Two concurrent saves cannot both become revision n.
            .unique(on: "submission_id", "number")
            .create()
        try await database.schema(ReviewComment.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("revision_number", .int, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("path", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(FindingTally.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("rule", .string, .required)
            .field("severity", .string, .required)
            .field("count", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FindingTally.schema).delete()
        try await database.schema(ReviewComment.schema).delete()
        try await database.schema(Revision.schema).delete()
    }
}
