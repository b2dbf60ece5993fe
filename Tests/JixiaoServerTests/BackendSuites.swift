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
    @Test func batchedSaves() async throws { try await Scenarios.batchedSaves(.sqlite) }
    // Issue 12's probe findings.
    @Test func yamlAliases() async throws { try await ProbeFindings.yamlAliases(.sqlite) }
    @Test func largeDiff() async throws { try await ProbeFindings.largeDiff(.sqlite) }
    @Test func xlsxZipBomb() async throws { try await ProbeFindings.xlsxZipBomb(.sqlite) }
    @Test func loginStorm() async throws { try await ProbeFindings.loginStorm(.sqlite) }
    @Test func pageOverflow() async throws { try await ProbeFindings.pageOverflow(.sqlite) }
    @Test func longLoginName() async throws { try await ProbeFindings.longLoginName(.sqlite) }
    @Test func sessionsExpire() async throws { try await ProbeFindings.sessionsExpire(.sqlite) }
    @Test func lockoutAndEnumeration() async throws { try await ProbeFindings.lockoutAndEnumeration(.sqlite) }
    @Test func constantTimeLogin() async throws { try await ProbeFindings.constantTimeLogin(.sqlite) }
    @Test func csvFormulas() async throws { try await ProbeFindings.csvFormulas(.sqlite) }
    @Test func lineBreaksInNames() async throws { try await ProbeFindings.lineBreaksInNames(.sqlite) }
    @Test func anotherUnitsEvaluation() async throws { try await ProbeFindings.anotherUnitsEvaluation(.sqlite) }
    @Test func openRedirect() async throws { try await ProbeFindings.openRedirect(.sqlite) }
    @Test func brokenPercentEncoding() async throws { try await ProbeFindings.brokenPercentEncoding(.sqlite) }
    @Test func chineseMessages() async throws { try await ProbeFindings.chineseMessages(.sqlite) }
    @Test func oversizedHeads() async throws { try await ProbeFindings.oversizedHeads(.sqlite) }
    @Test func secureCookies() async throws { try await ProbeFindings.secureCookies(.sqlite) }
    // Issue 22: several processes, one site; logins keep capacity for real users.
    @Test func twoProcessesOneSite() async throws { try await SharedState.twoProcessesOneSite(.sqlite) }
    @Test func deviceCookiePerDevice() async throws { try await SharedState.deviceCookiePerDevice(.sqlite) }
    @Test func busyRefusalsCount() async throws { try await SharedState.busyRefusalsCount(.sqlite) }
    @Test func stormKeepsRoomForDevices() async throws { try await SharedState.stormKeepsRoomForDevices(.sqlite) }
    @Test func loginPageStoresNoSession() async throws { try await SharedState.loginPageStoresNoSession(.sqlite) }
    @Test func healthCheck() async throws { try await SharedState.healthCheck(.sqlite) }
    @Test func backupInventory() async throws { try await Backups.inventory(.sqlite) }
    @Test func firstAdministrator() async throws { try await FirstAdministrator.createOnNewSite(.sqlite) }
    @Test func trustedProxy() async throws { try await SharedState.trustedProxy(.sqlite) }
    @Test func partsAndStartingPoints() async throws { try await Scenarios.partsAndStartingPoints(.sqlite) }
    // Issue 21: forms in the clerk's words, long parts.
    @Test func progressCountsWhatIsRequired() async throws { try await Scenarios.progressCountsWhatIsRequired(.sqlite) }
    @Test func commentOnField() async throws { try await Scenarios.commentOnField(.sqlite) }
    @Test func projectForms() async throws { try await Scenarios.projectForms(.sqlite) }
    @Test func projectsThroughTheCycle() async throws { try await Scenarios.projectsThroughTheCycle(.sqlite) }
    @Test func confirmationSteps() async throws { try await Scenarios.confirmationSteps(.sqlite) }
    @Test func packagePDF() async throws { try await Scenarios.packagePDF(.sqlite) }
    @Test func targetKinds() async throws { try await Scenarios.targetKinds(.sqlite) }
    @Test func workOneCategoryAtATime() async throws { try await Scenarios.workOneCategoryAtATime(.sqlite) }
    @Test func adminYearForm() async throws { try await Scenarios.adminYearForm(.sqlite) }
    @Test func templateYears() async throws { try await Scenarios.templateYears(.sqlite) }
    // Issue 22's probe findings: every reader bounded by what it makes.
    @Test func workbookMakesTooMuch() async throws { try await ReaderBoundsFindings.workbookMakesTooMuch(.sqlite) }
    @Test func nestedRows() async throws { try await ReaderBoundsFindings.nestedRows(.sqlite) }
    @Test func partsAPIValues() async throws { try await ReaderBoundsFindings.partsAPIValues(.sqlite) }
    @Test func reviewScoringBounded() async throws { try await ReaderBoundsFindings.reviewScoringBounded(.sqlite) }
    @Test func dottedKeyInParts() async throws { try await ReaderBoundsFindings.dottedKeyInParts(.sqlite) }
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
    @Test func batchedSaves() async throws { try await Scenarios.batchedSaves(.postgres) }
    // Issue 12's probe findings.
    @Test func yamlAliases() async throws { try await ProbeFindings.yamlAliases(.postgres) }
    @Test func largeDiff() async throws { try await ProbeFindings.largeDiff(.postgres) }
    @Test func xlsxZipBomb() async throws { try await ProbeFindings.xlsxZipBomb(.postgres) }
    @Test func loginStorm() async throws { try await ProbeFindings.loginStorm(.postgres) }
    @Test func pageOverflow() async throws { try await ProbeFindings.pageOverflow(.postgres) }
    @Test func longLoginName() async throws { try await ProbeFindings.longLoginName(.postgres) }
    @Test func sessionsExpire() async throws { try await ProbeFindings.sessionsExpire(.postgres) }
    @Test func lockoutAndEnumeration() async throws { try await ProbeFindings.lockoutAndEnumeration(.postgres) }
    @Test func constantTimeLogin() async throws { try await ProbeFindings.constantTimeLogin(.postgres) }
    @Test func csvFormulas() async throws { try await ProbeFindings.csvFormulas(.postgres) }
    @Test func lineBreaksInNames() async throws { try await ProbeFindings.lineBreaksInNames(.postgres) }
    @Test func anotherUnitsEvaluation() async throws { try await ProbeFindings.anotherUnitsEvaluation(.postgres) }
    @Test func openRedirect() async throws { try await ProbeFindings.openRedirect(.postgres) }
    @Test func brokenPercentEncoding() async throws { try await ProbeFindings.brokenPercentEncoding(.postgres) }
    @Test func chineseMessages() async throws { try await ProbeFindings.chineseMessages(.postgres) }
    @Test func oversizedHeads() async throws { try await ProbeFindings.oversizedHeads(.postgres) }
    @Test func secureCookies() async throws { try await ProbeFindings.secureCookies(.postgres) }
    // Issue 22: several processes, one site; logins keep capacity for real users.
    @Test func twoProcessesOneSite() async throws { try await SharedState.twoProcessesOneSite(.postgres) }
    @Test func deviceCookiePerDevice() async throws { try await SharedState.deviceCookiePerDevice(.postgres) }
    @Test func busyRefusalsCount() async throws { try await SharedState.busyRefusalsCount(.postgres) }
    @Test func stormKeepsRoomForDevices() async throws { try await SharedState.stormKeepsRoomForDevices(.postgres) }
    @Test func loginPageStoresNoSession() async throws { try await SharedState.loginPageStoresNoSession(.postgres) }
    @Test func healthCheck() async throws { try await SharedState.healthCheck(.postgres) }
    @Test func backupInventory() async throws { try await Backups.inventory(.postgres) }
    @Test func firstAdministrator() async throws { try await FirstAdministrator.createOnNewSite(.postgres) }
    @Test func trustedProxy() async throws { try await SharedState.trustedProxy(.postgres) }
    @Test func partsAndStartingPoints() async throws { try await Scenarios.partsAndStartingPoints(.postgres) }
    // Issue 21: forms in the clerk's words, long parts.
    @Test func progressCountsWhatIsRequired() async throws { try await Scenarios.progressCountsWhatIsRequired(.postgres) }
    @Test func commentOnField() async throws { try await Scenarios.commentOnField(.postgres) }
    @Test func projectForms() async throws { try await Scenarios.projectForms(.postgres) }
    @Test func projectsThroughTheCycle() async throws { try await Scenarios.projectsThroughTheCycle(.postgres) }
    @Test func confirmationSteps() async throws { try await Scenarios.confirmationSteps(.postgres) }
    @Test func packagePDF() async throws { try await Scenarios.packagePDF(.postgres) }
    @Test func targetKinds() async throws { try await Scenarios.targetKinds(.postgres) }
    @Test func workOneCategoryAtATime() async throws { try await Scenarios.workOneCategoryAtATime(.postgres) }
    @Test func adminYearForm() async throws { try await Scenarios.adminYearForm(.postgres) }
    @Test func templateYears() async throws { try await Scenarios.templateYears(.postgres) }
    // Issue 22's probe findings: every reader bounded by what it makes.
    @Test func workbookMakesTooMuch() async throws { try await ReaderBoundsFindings.workbookMakesTooMuch(.postgres) }
    @Test func nestedRows() async throws { try await ReaderBoundsFindings.nestedRows(.postgres) }
    @Test func partsAPIValues() async throws { try await ReaderBoundsFindings.partsAPIValues(.postgres) }
    @Test func reviewScoringBounded() async throws { try await ReaderBoundsFindings.reviewScoringBounded(.postgres) }
    @Test func dottedKeyInParts() async throws { try await ReaderBoundsFindings.dottedKeyInParts(.postgres) }
}
