import Fluent

/// 001: bureaus, their budget units and the users who log in.
struct M001_CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Bureau.schema)
            .id()
            .field("name", .string, .required)
            .unique(on: "name")
            .create()
        try await database.schema(BudgetUnit.schema)
            .id()
            .field("bureau_id", .uuid, .required, .references(Bureau.schema, "id"))
            .field("name", .string, .required)
            .field("code", .string, .required)
            .unique(on: "bureau_id", "code")
            .create()
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("bureau_id", .uuid, .required, .references(Bureau.schema, "id"))
            .field("unit_id", .uuid, .references(BudgetUnit.schema, "id"))
            .field("password_hash", .string, .required)
            .unique(on: "username")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
        try await database.schema(BudgetUnit.schema).delete()
        try await database.schema(Bureau.schema).delete()
    }
}
