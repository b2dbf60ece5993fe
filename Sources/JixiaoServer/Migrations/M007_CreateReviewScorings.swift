import Fluent

/// 006: reviewers' answers to the judgement items.
struct M007_CreateReviewScorings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReviewScoring.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("revision_number", .int, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("text", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReviewScoring.schema).delete()
    }
}
