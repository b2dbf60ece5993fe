import Fluent

/// 004: the audit log and published packages.
struct M004_CreateAuditAndPublications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("bureau_id", .uuid)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .uuid)
            .field("detail", .string, .required)
            .create()
        try await database.schema(Publication.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(Submission.schema, "id"))
            .field("revision_number", .int, .required)
            .field("unit_name", .string, .required)
            .field("year", .int, .required)
            .field("published_at", .datetime, .required)
            .field("publisher_id", .uuid, .required, .references(User.schema, "id"))
            .field("package_sha256", .string, .required)
            .unique(on: "submission_id")
            .create()
        try await database.schema(PublishedFile.schema)
            .id()
            .field("publication_id", .uuid, .required, .references(Publication.schema, "id"))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("data", .data, .required)
            .unique(on: "publication_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PublishedFile.schema).delete()
        try await database.schema(Publication.schema).delete()
        try await database.schema(AuditEvent.schema).delete()
    }
}
