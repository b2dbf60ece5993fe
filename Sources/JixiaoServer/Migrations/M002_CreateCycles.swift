import Fluent

/// 002: evaluation years and each unit's submission for a year.
struct M002_CreateCycles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Cycle.schema)
            .id()
            .field("bureau_id", .uuid, .required, .references(Bureau.schema, "id"))
            .field("year", .int, .required)
            .field("framework_id", .string, .required)
            .field("deadline", .datetime, .required)
            .field("opened_at", .datetime, .required)
            .unique(on: "bureau_id", "year")
            .create()
        try await database.schema(Submission.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(BudgetUnit.schema, "id"))
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("status", .string, .required)
            .field("submitted_at", .datetime)
            .field("late", .bool, .required)
            .field("revision_number", .int, .required)
            .field("accepted_revision", .int)
            .field("score", .string)
            .field("grade", .string)
            .field("score_complete", .bool, .required)
            .field("error_count", .int, .required)
            .field("warning_count", .int, .required)
            .field("execution_rate", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "cycle_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Submission.schema).delete()
        try await database.schema(Cycle.schema).delete()
    }
}
