import Fluent
import Foundation
import JixiaoRender
import JixiaoCore
import SQLKit
import Vapor

/// An action the state of a submission does not allow now (submitting a locked one, accepting a
/// draft); the reason says why, in Chinese.
struct WorkflowRefused: AbortError {
    var reason: String
    var status: HTTPResponseStatus { .conflict }
}

/// A save based on an older revision than the current one: someone (or another tab) saved in
/// between. Refused, never merged or overwritten; the clerk's input is shown again with this.
struct StaleRevision: AbortError {
    var base: Int
    var current: Int
    var status: HTTPResponseStatus { .conflict }
    var reason: String {
        "未保存：您的修改基于第 \(base) 版，而此自评已在其他窗口或由他人保存为第 \(current) 版。为免覆盖对方的修改，请先保留好您填写的内容，刷新页面看到第 \(current) 版后再填写保存。"
    }
}

/// A save on its way to the database: what `Workflow.writeSaves` needs to number and store it.
struct PendingSave: Sendable {
    var submissionID: UUID
    var cycleID: UUID
    /// The revision the input was made from.
    var base: Int
    var principal: Principal
    var analysis: Analysis
    var source: String
}

/// The evaluation cycle's operations: each is one transaction that changes the data and appends
/// its audit event, so that either both are stored or neither.
struct Workflow {
    let db: any Database
    let app: Application

    init(_ request: Request) {
        db = request.db
        app = request.application
    }

    init(app: Application) {
        db = app.db
        self.app = app
    }

    /// Runs `body` in one write transaction (`Application.write`).
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await app.write(on: db, body)
    }

    /// Loads a submission inside a write transaction, holding its row until the transaction
    /// ends (PostgreSQL: `FOR UPDATE`; SQLite: its writes are already one at a time), so that two
    /// saves of one submission cannot both become revision n, nor two reviewers both decide.
    static func locked(_ id: UUID, on db: any Database) async throws -> Submission {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM submissions WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let submission = try await Submission.find(id, on: db) else { throw Abort(.notFound, reason: "没有这份自评") }
        return submission
    }

    static func event(_ actor: Principal?, _ action: String, _ targetType: String, _ targetID: UUID?, _ detail: String,
                      bureau: UUID? = nil, actorName: String? = nil, at date: Date = Date()) -> AuditEvent {
        AuditEvent(at: date, actorID: actor?.userID,
                   actorName: loggable(actorName ?? actor.map { "\($0.displayName)（\($0.username)）" } ?? "访客", 200),
                   bureauID: bureau ?? actor?.bureauID, action: action, targetType: targetType, targetID: targetID,
                   detail: loggable(detail, 1000))
    }

    /// A string as the audit log keeps it: control characters shown as `\u{…}`, at most `limit`
    /// characters (then 「…」), so that no visitor can grow the log by more than a line.
    static func loggable(_ text: String, _ limit: Int) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(limit + 1) {
            result += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return result.count > limit ? String(result.prefix(limit)) + "…" : result
    }

    /// Refuses a name with a line break or another control character (it would break the YAML
    /// template's comment, CSV rows and headers) or longer than `limit`.
    static func requirePlainName(_ name: String, _ label: String, _ limit: Int) throws {
        if name.unicodeScalars.contains(where: { [.control, .lineSeparator, .paragraphSeparator, .format].contains($0.properties.generalCategory) }) {
            throw Abort(.unprocessableEntity, reason: "\(label)不能含换行符或控制字符")
        }
        if name.count > limit { throw Abort(.unprocessableEntity, reason: "\(label)最多 \(limit) 个字") }
    }

    /// Appends an audit event on its own (a login, a logout, a failed login).
    func audit(_ event: AuditEvent) async throws {
        _ = try await write { try await event.create(on: $0) }
    }

    // MARK: Unit

    /// 保存 — stores `analysis` as the submission's next revision and refreshes the dashboard's figures.
    /// `base` is the revision the input was made from: when another save came in between, the
    /// save is refused (`StaleRevision`) instead of silently replacing it.
    @discardableResult
    func save(_ context: SubmissionContext, by principal: Principal, analysis: Analysis, source: String, base: Int) async throws -> Revision {
        let save = PendingSave(submissionID: try context.submission.requireID(), cycleID: try context.cycle.requireID(),
                               base: base, principal: principal, analysis: analysis, source: source)
        return try await app.writeSave(save)
    }

    /// Writes `saves` in the transaction open on `db`, in their order: the submissions' rows read
    /// in one statement (PostgreSQL: `FOR UPDATE`, as `locked`), each save refused or numbered
    /// against them, then the accepted ones' revisions, submission rows, tallies and audit events,
    /// a statement for each kind of row rather than for each save. One result a save, in order.
    /// The save path writes through SQL, not through the models: Fluent reflects over a model
    /// (`Mirror`) several times for each query, which was a sixth of a save.
    static func writeSaves(_ saves: [PendingSave], on db: any Database) async throws -> [Result<Revision, any Error>] {
        let sql = db as! any SQLDatabase
        let ids = Array(Set(saves.map(\.submissionID)))
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        var state: [UUID: (status: SubmissionStatus, number: Int)] = [:]
        for row in try await sql.raw("SELECT id, status, revision_number FROM submissions WHERE id IN (\(binds: ids))\(lock)").all() {
            state[try row.decode(column: "id", as: UUID.self)] =
                (try row.decode(column: "status", as: SubmissionStatus.self), try row.decode(column: "revision_number", as: Int.self))
        }

        let now = Date()
        var results: [Result<Revision, any Error>] = []
        var accepted: [(save: PendingSave, revision: Revision)] = []
        for save in saves {
            guard let current = state[save.submissionID] else {
                results.append(.failure(Abort(.notFound, reason: "没有这份自评")))
                continue
            }
            do { _ = try WorkflowTable.require(.save, from: current.status) } catch {
                results.append(.failure(error))
                continue
            }
            guard save.base == current.number else {
                results.append(.failure(StaleRevision(base: save.base, current: current.number)))
                continue
            }
            let analysis = save.analysis
            let revision = Revision(
                submissionID: save.submissionID, number: current.number + 1, authorID: save.principal.userID, at: now,
                text: analysis.yaml, sha256: PackageDigest.hex(analysis.yaml), source: save.source,
                errorCount: analysis.summary.error, warningCount: analysis.summary.warning)
            revision.id = UUID()
            state[save.submissionID]?.number = revision.number
            accepted.append((save, revision))
            results.append(.success(revision))
        }
        guard !accepted.isEmpty else { return results }

        var revisions = sql.insert(into: Revision.schema)
            .columns("id", "submission_id", "number", "author_id", "created_at", "text", "sha256", "source", "error_count", "warning_count")
        for (_, r) in accepted {
            revisions = revisions.values([r.id!, r.$submission.id, r.number, r.$author.id, r.createdAt, r.text, r.sha256, r.source,
                                          r.errorCount, r.warningCount] as [any Encodable & Sendable])
        }
        var statements: [any SQLQueryBuilder] = [revisions]
        // A submission saved twice in the batch keeps the second save's figures and tallies.
        var latest: [UUID: (save: PendingSave, number: Int)] = [:]
        for (save, revision) in accepted { latest[save.submissionID] = (save, revision.number) }
        // Each submission's row has figures of its own: a statement each.
        for (id, (save, number)) in latest {
            var update = sql.update(Submission.schema).set("revision_number", to: number).set("updated_at", to: now)
            for (column, value) in dashboardFigures(save.analysis) {
                update = value.map { update.set(column, to: $0) } ?? update.set(column, to: SQLLiteral.null)
            }
            statements.append(update.where("id", .equal, id))
        }
        statements += tallies(latest.values.map { ($0.save.submissionID, $0.save.cycleID, $0.save.analysis.findings) }, on: sql)
        statements.append(insert(accepted.map { save, revision in
            event(save.principal, "revision.save", "submission", save.submissionID,
                  "第 \(revision.number) 版（\(save.source)）：错误 \(save.analysis.summary.error)，警告 \(save.analysis.summary.warning)",
                  at: now)
        }, on: sql))
        try await run(statements, on: sql)
        return results
    }

    /// Runs statements one after another, chained on the connection's event loop and awaited once:
    /// awaited one by one, each would then wait its turn behind the requests' tasks on the shared
    /// pool, and the one writer with it.
    static func run(_ statements: [any SQLQueryBuilder], on sql: any SQLDatabase) async throws {
        var chain = sql.eventLoop.makeSucceededVoidFuture()
        for query in statements.map(\.query) { chain = chain.flatMap { sql.execute(sql: query) { _ in } } }
        try await chain.get()
    }

    /// Audit events, in one statement.
    static func insert(_ events: [AuditEvent], on sql: any SQLDatabase) -> SQLInsertBuilder {
        let bind: ((any Encodable & Sendable)?) -> any SQLExpression = { $0.map { SQLBind($0) } ?? SQLLiteral.null }
        var insert = sql.insert(into: AuditEvent.schema)
            .columns("id", "at", "actor_id", "actor_name", "bureau_id", "action", "target_type", "target_id", "detail")
        for event in events {
            event.id = UUID()
            insert = insert.values(([event.id, event.at, event.actorID, event.actorName, event.bureauID, event.action,
                                     event.targetType, event.targetID, event.detail] as [(any Encodable & Sendable)?]).map(bind))
        }
        return insert
    }

    /// The findings' counts by rule, replacing the submissions': two statements (some twenty rows each).
    static func tallies(_ submissions: [(submissionID: UUID, cycleID: UUID, findings: [Finding])], on sql: any SQLDatabase) -> [any SQLQueryBuilder] {
        var statements: [any SQLQueryBuilder] = [
            sql.delete(from: FindingTally.schema).where("submission_id", .in, submissions.map(\.submissionID)),
        ]
        let insert = sql.insert(into: FindingTally.schema).columns("id", "cycle_id", "submission_id", "rule", "severity", "count")
        var rows = 0
        for submission in submissions {
            var tallies: [String: (severity: String, count: Int)] = [:]
            for finding in submission.findings { tallies[finding.rule, default: (finding.severity.rawValue, 0)].count += 1 }
            for (rule, tally) in tallies {
                _ = insert.values([UUID(), submission.cycleID, submission.submissionID, rule, tally.severity, tally.count] as [any Encodable & Sendable])
                rows += 1
            }
        }
        if rows > 0 { statements.append(insert) }
        return statements
    }

    /// The dashboard's cached figures of the current revision, as the submission's columns (nil: NULL).
    static func dashboardFigures(_ analysis: Analysis) -> [(String, (any Encodable & Sendable)?)] {
        let scores = analysis.scores
        return [
            ("error_count", analysis.summary.error),
            ("warning_count", analysis.summary.warning),
            ("score", scores.map { DecimalFormat.fixed($0.total, decimals: 2, grouping: false) }),
            ("grade", scores.map { ($0.grade ?? $0.provisionalGrade).rawValue }),
            ("score_complete", scores?.grade != nil),
            ("execution_rate", analysis.executionRate.map { DecimalFormat.fixed($0, decimals: 2, grouping: false) }),
        ]
    }

    /// 报送 — locks the submission for review; late when after the deadline.
    func submit(_ context: SubmissionContext, by principal: Principal, current: Analysis) async throws {
        if let refusal = WorkflowTable.submitRefusal(arithmeticErrors: current.arithmeticErrors, yearErrors: current.yearErrors) {
            throw WorkflowRefused(reason: refusal)
        }
        let submissionID = try context.submission.requireID()
        let deadline = context.cycle.deadline
        try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            let next = try WorkflowTable.require(.submit, from: submission.status)
            guard submission.revisionNumber > 0 else { throw WorkflowRefused(reason: "尚未保存任何内容，不能报送") }
            let now = Date()
            let late = now > deadline
            submission.status = next
            submission.submittedAt = now
            submission.late = submission.late || late
            submission.updatedAt = now
            try await submission.update(on: db)
            try await Self.event(principal, "submission.submit", "submission", submissionID,
                                 "报送第 \(submission.revisionNumber) 版" + (late ? "（逾期）" : ""), at: now).create(on: db)
        }
    }

    /// 保存项目表 — stores each text as a project form's next revision, in one transaction: a new
    /// project (`project` nil) as its revision 1 under the next project number, an existing one
    /// when its latest revision is still `base` (else `StaleRevision`, nothing stored). Returns the
    /// projects' numbers.
    func saveProjects(_ context: SubmissionContext, by principal: Principal, _ saves: [(project: Int?, base: Int, text: String, figures: ProjectFigures)],
                      source: String) async throws -> [Int] {
        let submissionID = try context.submission.requireID()
        return try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            _ = try WorkflowTable.require(.save, from: submission.status)
            let latest = try await ProjectService.latest(submissionID, on: db)
            var next = (latest.map(\.project).max() ?? 0) + 1
            guard latest.count + saves.filter({ $0.project == nil }).count <= ProjectService.maximumProjects else {
                throw Abort(.unprocessableEntity, reason: "一份自评最多 \(ProjectService.maximumProjects) 个项目，未添加")
            }
            let now = Date()
            var numbers: [Int] = []
            for save in saves {
                let project: Int, number: Int
                if let existing = save.project {
                    guard let current = latest.first(where: { $0.project == existing }) else { throw Abort(.notFound, reason: "没有项目 \(existing)") }
                    guard current.number == save.base else { throw StaleRevision(base: save.base, current: current.number) }
                    (project, number) = (existing, current.number + 1)
                } else {
                    (project, number) = (next, 1)
                    next += 1
                }
                try await ProjectRevision(submissionID: submissionID, project: project, number: number, authorID: principal.userID, at: now,
                                          text: save.text, sha256: PackageDigest.hex(save.text), source: source,
                                          score: save.figures.score, executionRate: save.figures.executionRate).create(on: db)
                try await Self.event(principal, "project.save", "submission", submissionID, "项目 \(project) 第 \(number) 版（\(source)）", at: now)
                    .create(on: db)
                numbers.append(project)
            }
            submission.updatedAt = now
            try await submission.update(on: db)
            return numbers
        }
    }

    // MARK: Reviewer

    /// 审核意见 — a comment on one field of the current revision.
    func comment(_ context: SubmissionContext, by principal: Principal, path: String, body: String) async throws {
        let submissionID = try context.submission.requireID()
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Abort(.unprocessableEntity, reason: "审核意见不能为空") }
        guard text.count <= 2000 else { throw Abort(.unprocessableEntity, reason: "审核意见过长（不超过 2000 字）") }
        let field = path.trimmingCharacters(in: .whitespaces)
        // The log names the field as people read it (「项目 1 › 指标 1 › 实际完成值」), not by its path.
        try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            _ = try WorkflowTable.require(.comment, from: submission.status)
            try await ReviewComment(submissionID: submissionID, revisionNumber: submission.revisionNumber, authorID: principal.userID,
                                    path: field, body: text, at: Date()).create(on: db)
            try await Self.event(principal, "comment.add", "submission", submissionID,
                                 "第 \(submission.revisionNumber) 版「\(SubmissionService.fieldLabel(field))」：\(text)").create(on: db)
        }
    }

    /// 复核评分 — stores a reviewer's answers sheet (YAML, already read) for the current revision.
    func reviewScore(_ context: SubmissionContext, by principal: Principal, sheet: String, answered: Int) async throws {
        let submissionID = try context.submission.requireID()
        try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            _ = try WorkflowTable.require(.score, from: submission.status)
            try await ReviewScoring(submissionID: submissionID, revisionNumber: submission.revisionNumber, authorID: principal.userID,
                                    at: Date(), text: sheet).create(on: db)
            try await Self.event(principal, "scoring.review", "submission", submissionID,
                                 "复核第 \(submission.revisionNumber) 版的评分判断项（\(answered) 项）").create(on: db)
        }
    }

    /// 退回 — sends the submission back to the unit (with an optional comment).
    func returnToUnit(_ context: SubmissionContext, by principal: Principal, comment: String?) async throws {
        if let comment, !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try await self.comment(context, by: principal, path: "", body: comment)
        }
        try await transition(context, by: principal, .returnToUnit, event: "submission.return") { _ in "退回修改" }
    }

    /// 通过 — accepts the current revision.
    func accept(_ context: SubmissionContext, by principal: Principal) async throws {
        try await transition(context, by: principal, .accept, event: "submission.accept") { submission in
            submission.acceptedRevision = submission.revisionNumber
            return "通过第 \(submission.revisionNumber) 版"
        }
    }

    private func transition(_ context: SubmissionContext, by principal: Principal, _ action: SubmissionAction,
                            event: String, _ change: @escaping @Sendable (Submission) -> String) async throws {
        let submissionID = try context.submission.requireID()
        try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            let next = try WorkflowTable.require(action, from: submission.status)
            let detail = change(submission)
            submission.status = next
            submission.updatedAt = Date()
            try await submission.update(on: db)
            try await Self.event(principal, event, "submission", submissionID, detail).create(on: db)
        }
    }

    // MARK: Bureau

    /// 公开 — renders the accepted revision and stores its files as the published package.
    func publish(_ context: SubmissionContext, by principal: Principal) async throws -> Publication {
        let submissionID = try context.submission.requireID()
        _ = try WorkflowTable.require(.publish, from: context.submission.status)
        guard let number = context.submission.acceptedRevision else { throw WorkflowRefused(reason: "没有已通过的版本，不能公开") }
        guard let revision = try await Revision.query(on: db).filter(\.$submission.$id == submissionID).filter(\.$number == number).first() else {
            throw Abort(.internalServerError, reason: "找不到已通过的第 \(number) 版")
        }
        let text = revision.text, framework = app.frameworks.framework(context.cycle.frameworkID), template = context.cycle.template
        // The report as a citizen most often reads it, its PDF, is among the files when the server has LibreOffice.
        let projects = try await ProjectService.latest(submissionID, on: db).map(ProjectState.read)
        let files = try await PackagePDF.files(app) {
            try Analysis.analyse(yaml: text, framework: framework, template: template).package(projects: projects)
        }.files
        let hashed = files.map { (name: $0.name, sha256: PackageDigest.hex($0.data), data: $0.data) }
        let packageHash = PackageDigest.package(hashed.map { ($0.name, $0.sha256) })
        let unitName = context.unit.name, year = context.cycle.year
        return try await write { db in
            let submission = try await Self.locked(submissionID, on: db)
            let next = try WorkflowTable.require(.publish, from: submission.status)
            guard submission.acceptedRevision == number else { throw WorkflowRefused(reason: "已通过的版本已改变，请刷新后再公开") }
            let now = Date()
            let publication = Publication(submissionID: submissionID, revisionNumber: number, unitName: unitName, year: year,
                                          at: now, publisherID: principal.userID, packageSHA256: packageHash)
            try await publication.create(on: db)
            let publicationID = try publication.requireID()
            for (position, file) in hashed.enumerated() {
                try await PublishedFile(publicationID: publicationID, position: position, name: file.name, sha256: file.sha256, data: file.data).create(on: db)
            }
            submission.status = next
            submission.updatedAt = now
            try await submission.update(on: db)
            try await Self.event(principal, "submission.publish", "submission", submissionID,
                                 "公开第 \(number) 版，SHA-256 \(packageHash)", at: now).create(on: db)
            return publication
        }
    }

    /// 开启评价年度 — a year with its framework, report template and deadline, and a draft submission for every unit
    /// of the bureau, each starting from the blank evaluation file.
    @discardableResult
    func openCycle(by principal: Principal, year: Int, frameworkID: String, template: ReportTemplate = .standard, deadline: Date) async throws -> Cycle {
        guard app.frameworks.framework(frameworkID) != nil else {
            throw Abort(.unprocessableEntity, reason: "没有 ID 为「\(frameworkID)」的评分框架")
        }
        guard (2000...2100).contains(year) else { throw Abort(.unprocessableEntity, reason: "评价年度「\(year)」无效：应为 2000 至 2100 的四位年份") }
        // A year is evaluated after it ends: a deadline within it is a slip of the year.
        var beijing = Calendar(identifier: .gregorian)
        beijing.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        guard beijing.component(.year, from: deadline) > year else {
            throw Abort(.unprocessableEntity, reason: "报送截止日期 \(Self.dateText(deadline)) 不在 \(year) 年度之后：\(year) 年度的自评在 \(year + 1) 年报送，截止日期应如 \(year + 1)-09-30")
        }
        let bureauID = principal.bureauID
        return try await write { db in
            if try await Cycle.query(on: db).filter(\.$bureau.$id == bureauID).filter(\.$year == year).first() != nil {
                throw WorkflowRefused(reason: "\(year) 年度已开启")
            }
            let now = Date()
            let cycle = Cycle(bureauID: bureauID, year: year, frameworkID: frameworkID, template: template, deadline: deadline, openedAt: now)
            try await cycle.create(on: db)
            let units = try await BudgetUnit.query(on: db).filter(\.$bureau.$id == bureauID).all()
            for unit in units {
                try await Submission(unitID: try unit.requireID(), cycleID: try cycle.requireID(), at: now).create(on: db)
            }
            try await Self.event(principal, "cycle.open", "cycle", cycle.id,
                                 "开启 \(year) 年度（框架 \(frameworkID)，报告模板 \(template.name)，截止 \(Self.dateText(deadline))，\(units.count) 个单位）", at: now).create(on: db)
            return cycle
        }
    }

    /// 新增单位 — also opens its submission for every year already open.
    @discardableResult
    func createUnit(by principal: Principal, name: String, code: String) async throws -> BudgetUnit {
        let name = name.trimmingCharacters(in: .whitespaces), code = code.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !code.isEmpty else { throw Abort(.unprocessableEntity, reason: "单位名称和编码都不能为空") }
        try Self.requirePlainName(name, "单位名称", 100)
        try Self.requirePlainName(code, "单位编码", 40)
        let bureauID = principal.bureauID
        return try await write { db in
            if try await BudgetUnit.query(on: db).filter(\.$bureau.$id == bureauID).filter(\.$code == code).first() != nil {
                throw WorkflowRefused(reason: "单位编码「\(code)」已存在")
            }
            let now = Date()
            let unit = BudgetUnit(bureauID: bureauID, name: name, code: code)
            try await unit.create(on: db)
            for cycle in try await Cycle.query(on: db).filter(\.$bureau.$id == bureauID).all() {
                try await Submission(unitID: try unit.requireID(), cycleID: try cycle.requireID(), at: now).create(on: db)
            }
            try await Self.event(principal, "unit.create", "unit", unit.id, "\(name)（\(code)）", at: now).create(on: db)
            return unit
        }
    }

    /// 新增用户 — the password is hashed with Bcrypt before anything is stored.
    @discardableResult
    func createUser(by principal: Principal, username: String, displayName: String, role: Role, unitID: UUID?, password: String) async throws -> User {
        try await createUser(bureauID: principal.bureauID, actor: principal, username: username, displayName: displayName,
                             role: role, unitID: unitID, password: password)
    }

    /// A new site's first admin (首个管理员), from `jixiao-server --create-admin`: the bureau found by
    /// its name or made, the user made as an admin would make one, the audit log naming the command line.
    func createFirstAdministrator(bureauName: String, username: String, displayName: String, password: String) async throws -> User {
        let bureauName = bureauName.trimmingCharacters(in: .whitespaces)
        guard !bureauName.isEmpty else { throw Abort(.unprocessableEntity, reason: "请用 --bureau 给出财政局的名称") }
        try Self.requirePlainName(bureauName, "财政局名称", 60)
        let bureauID = try await write { db in
            if let bureau = try await Bureau.query(on: db).filter(\.$name == bureauName).first() { return bureau.id! }
            let bureau = Bureau(name: bureauName)
            try await bureau.create(on: db)
            return bureau.id!
        }
        return try await createUser(bureauID: bureauID, actor: nil, username: username, displayName: displayName,
                                    role: .admin, unitID: nil, password: password)
    }

    /// `actor` nil: the server's command line.
    private func createUser(bureauID: UUID, actor principal: Principal?, username: String, displayName: String, role: Role,
                            unitID: UUID?, password: String) async throws -> User {
        let username = username.trimmingCharacters(in: .whitespaces)
        guard username.range(of: #"^[A-Za-z0-9_.\-]{3,40}$"#, options: .regularExpression) != nil else {
            throw Abort(.unprocessableEntity, reason: "登录名须为 3–40 个字母、数字、下划线、点或连字符")
        }
        guard password.count >= 8 else { throw Abort(.unprocessableEntity, reason: "密码至少 8 个字符") }
        guard (role == .editor) == (unitID != nil) else {
            throw Abort(.unprocessableEntity, reason: role == .editor ? "单位填报人员须指定所属单位" : "财政局人员不属于任何单位")
        }
        let name = displayName.trimmingCharacters(in: .whitespaces).isEmpty ? username : displayName.trimmingCharacters(in: .whitespaces)
        try Self.requirePlainName(name, "姓名", 60)
        let hash = try await app.passwordHashing.hash(password)
        return try await write { db in
            if let unitID {
                guard let unit = try await BudgetUnit.find(unitID, on: db), unit.$bureau.id == bureauID else {
                    throw Abort(.unprocessableEntity, reason: "所属单位不存在")
                }
            }
            if try await User.query(on: db).filter(\.$username == username).first() != nil {
                throw WorkflowRefused(reason: "登录名「\(username)」已被使用")
            }
            let user = User(username: username, displayName: name, role: role, bureauID: bureauID, unitID: unitID, passwordHash: hash)
            try await user.create(on: db)
            try await Self.event(principal, "user.create", "user", user.id, "\(name)（\(username)，\(role.label)）",
                                 bureau: bureauID, actorName: principal == nil ? "服务器命令行" : nil).create(on: db)
            return user
        }
    }

    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
