import Testing

/// The route tests on a real SQLite file.
@Suite("Routes on SQLite", .serialized)
struct SQLiteRouteTests {
    @Test func fullCycle() async throws { try await Scenarios.fullCycle(.sqlite) }
    @Test func badInput() async throws { try await Scenarios.badInput(.sqlite) }
    @Test func loginThrottle() async throws { try await Scenarios.loginThrottle(.sqlite) }
    @Test func api() async throws { try await Scenarios.api(.sqlite) }
    @Test func dashboard() async throws { try await Scenarios.dashboard(.sqlite) }
    @Test func appendOnly() async throws { try await Scenarios.appendOnly(.sqlite) }
    @Test func administration() async throws { try await Scenarios.administration(.sqlite) }
    @Test func authorisation() async throws { try await AuthorisationMatrix.run(.sqlite) }
    @Test func concurrentSaves() async throws { try await Scenarios.concurrentSaves(.sqlite) }
    @Test func partsAndStartingPoints() async throws { try await Scenarios.partsAndStartingPoints(.sqlite) }
}

/// The same tests on PostgreSQL, when `JIXIAO_TEST_POSTGRES_URL` names one (CI starts a
/// throw-away cluster; see .ci/run).
@Suite("Routes on PostgreSQL", .serialized,
       .enabled(if: Backend.postgresURL != nil, "JIXIAO_TEST_POSTGRES_URL is not set: no PostgreSQL to test against (.ci/run starts one)"))
struct PostgresRouteTests {
    @Test func fullCycle() async throws { try await Scenarios.fullCycle(.postgres) }
    @Test func badInput() async throws { try await Scenarios.badInput(.postgres) }
    @Test func loginThrottle() async throws { try await Scenarios.loginThrottle(.postgres) }
    @Test func api() async throws { try await Scenarios.api(.postgres) }
    @Test func dashboard() async throws { try await Scenarios.dashboard(.postgres) }
    @Test func appendOnly() async throws { try await Scenarios.appendOnly(.postgres) }
    @Test func administration() async throws { try await Scenarios.administration(.postgres) }
    @Test func authorisation() async throws { try await AuthorisationMatrix.run(.postgres) }
    @Test func concurrentSaves() async throws { try await Scenarios.concurrentSaves(.postgres) }
    @Test func partsAndStartingPoints() async throws { try await Scenarios.partsAndStartingPoints(.postgres) }
}
