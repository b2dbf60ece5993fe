import Fluent
import Foundation
import SQLKit
import Vapor

/// 登录用户 — who is asking: the logged-in user as every decision needs them.
package struct Principal: Authenticatable, Sendable, Equatable {
    var userID: UUID
    var username: String
    var displayName: String
    var role: Role
    var bureauID: UUID
    /// The editor's unit; nil for bureau staff.
    var unitID: UUID?
}

/// What someone may want to do. Every route names one; `AccessPolicy.allows` is the one place
/// that answers whether a principal may do it.
enum Permission: Sendable, CaseIterable {
    /// Read published packages: anyone, logged in or not.
    case readPublished
    /// See one's own account and the submissions one may see.
    case signedIn
    /// See a unit's evaluation, findings, score, revisions and comments.
    case viewSubmission
    /// Save a new revision, upload, submit.
    case editSubmission
    /// Comment, return, accept.
    case review
    /// Publish an accepted submission.
    case publish
    /// The dashboard of every unit of the bureau.
    case viewDashboard
    /// Units, users, evaluation years and the audit log.
    case manageBureau
}

/// The access policy: who may do what to which unit's data. Nothing else in the server decides
/// access; controllers obtain every unit's data through `Request.access`, which asks this.
enum AccessPolicy {
    /// Whether `principal` may do `permission`; for unit data, `unit` is the unit's ID and
    /// `bureau` its bureau's.
    static func allows(_ principal: Principal?, _ permission: Permission, unit: UUID? = nil, bureau: UUID? = nil) -> Bool {
        if permission == .readPublished { return true }
        guard let principal else { return false }
        // Data of another bureau is never anyone's business.
        if let bureau, bureau != principal.bureauID { return false }
        switch permission {
        case .readPublished, .signedIn:
            return true
        case .viewSubmission:
            switch principal.role {
            case .admin, .reviewer: return true
            case .editor: return unit != nil && unit == principal.unitID
            }
        case .editSubmission:
            return principal.role == .editor && unit != nil && unit == principal.unitID
        case .review:
            return principal.role == .reviewer
        case .publish, .manageBureau:
            return principal.role == .admin
        case .viewDashboard:
            return principal.role == .admin || principal.role == .reviewer
        }
    }
}

/// Refused access, told apart for pages (redirect to the login page when not logged in) and the API.
struct AccessDenied: AbortError {
    var signedIn: Bool
    var status: HTTPResponseStatus { signedIn ? .forbidden : .unauthorized }
    var reason: String { signedIn ? "无权访问：此操作不在您的权限范围内" : "请先登录" }
}

/// A submission with the unit and year it belongs to, loaded only after the policy allowed it.
package struct SubmissionContext: Sendable {
    /// Who asked, allowed the permission the context was loaded for.
    package var principal: Principal
    package var submission: Submission
    package var unit: BudgetUnit
    package var cycle: Cycle

    package init(principal: Principal, submission: Submission, unit: BudgetUnit, cycle: Cycle) {
        (self.principal, self.submission, self.unit, self.cycle) = (principal, submission, unit, cycle)
    }
}

extension Request {
    /// The logged-in user, if any.
    var principal: Principal? { auth.get(Principal.self) }

    /// The gate through which controllers reach unit data.
    var access: Access { Access(request: self) }
}

/// Loads what a request may see, asking `AccessPolicy` each time.
struct Access {
    let request: Request

    /// Throws unless the principal may do `permission` (bureau-wide, not tied to one unit).
    func require(_ permission: Permission) throws -> Principal? {
        let principal = request.principal
        guard AccessPolicy.allows(principal, permission, bureau: principal?.bureauID) else {
            throw AccessDenied(signedIn: principal != nil)
        }
        return principal
    }

    /// The signed-in principal allowed `permission`.
    func principal(_ permission: Permission) throws -> Principal {
        guard let principal = try require(permission) else { throw AccessDenied(signedIn: false) }
        return principal
    }

    /// The submission with `id`, if the principal may do `permission` on its unit.
    func submission(_ id: UUID?, for permission: Permission) async throws -> SubmissionContext {
        guard let principal = request.principal else { throw AccessDenied(signedIn: false) }
        guard let id, let (submission, unit, cycle) = try await Self.load(id, on: request.db) else { throw Abort(.notFound, reason: "没有这份自评") }
        guard AccessPolicy.allows(principal, permission, unit: unit.id, bureau: unit.$bureau.id) else {
            throw AccessDenied(signedIn: true)
        }
        return SubmissionContext(principal: principal, submission: submission, unit: unit, cycle: cycle)
    }

    /// A submission with its unit and year, in one joined SQL statement: every submission page and
    /// API call starts here, and Fluent's eager loading took three queries, each reflecting over
    /// its model. The models are as Fluent would have loaded them (stored, relations set).
    static func load(_ id: UUID, on db: any Database) async throws -> (Submission, BudgetUnit, Cycle)? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("""
            SELECT s.unit_id, s.cycle_id, s.status, s.submitted_at, s.late, s.revision_number, s.accepted_revision, s.score,
                   s.grade, s.score_complete, s.error_count, s.warning_count, s.execution_rate, s.updated_at,
                   u.bureau_id AS unit_bureau_id, u.name AS unit_name, u.code AS unit_code,
                   c.bureau_id AS cycle_bureau_id, c.year, c.framework_id, c.deadline, c.opened_at, c.template_id, c.template_json
            FROM \(ident: Submission.schema) s
            JOIN \(ident: BudgetUnit.schema) u ON u.id = s.unit_id
            JOIN \(ident: Cycle.schema) c ON c.id = s.cycle_id
            WHERE s.id = \(bind: id)
            """).first()
        else { return nil }
        func column<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try row.decode(column: name, as: type) }
        let unit = BudgetUnit()
        unit.id = try column("unit_id")
        unit.$bureau.id = try column("unit_bureau_id")
        unit.name = try column("unit_name")
        unit.code = try column("unit_code")
        let cycle = Cycle()
        cycle.id = try column("cycle_id")
        cycle.$bureau.id = try column("cycle_bureau_id")
        cycle.year = try column("year")
        cycle.frameworkID = try column("framework_id")
        cycle.deadline = try column("deadline")
        cycle.openedAt = try column("opened_at")
        cycle.templateID = try column("template_id")
        cycle.templateJSON = try column("template_json", String?.self)
        let submission = Submission()
        submission.id = id
        submission.$unit.id = unit.id!
        submission.$unit.value = unit
        submission.$cycle.id = cycle.id!
        submission.$cycle.value = cycle
        submission.status = try column("status")
        submission.submittedAt = try column("submitted_at")
        submission.late = try column("late")
        submission.revisionNumber = try column("revision_number")
        submission.acceptedRevision = try column("accepted_revision")
        submission.score = try column("score")
        submission.grade = try column("grade")
        submission.scoreComplete = try column("score_complete")
        submission.errorCount = try column("error_count")
        submission.warningCount = try column("warning_count")
        submission.executionRate = try column("execution_rate")
        submission.updatedAt = try column("updated_at")
        for model in [unit, cycle, submission] as [any Model] { model._$idExists = true }
        return (submission, unit, cycle)
    }

    /// The submission named by the route parameter `submissionID`.
    func submission(for permission: Permission) async throws -> SubmissionContext {
        try await submission(request.parameters.get("submissionID", as: UUID.self), for: permission)
    }

    /// Every submission the principal may see, newest year first: the filter is the policy's,
    /// applied in the query so nothing of another unit is ever loaded.
    func visibleSubmissions() async throws -> [SubmissionContext] {
        let principal = try self.principal(.signedIn)
        let query = Submission.query(on: request.db)
            .join(BudgetUnit.self, on: \Submission.$unit.$id == \BudgetUnit.$id)
            .join(Cycle.self, on: \Submission.$cycle.$id == \Cycle.$id)
            .filter(BudgetUnit.self, \.$bureau.$id == principal.bureauID)
        switch principal.role {
        case .admin, .reviewer: break
        case .editor:
            guard let unit = principal.unitID else { return [] }
            query.filter(\Submission.$unit.$id == unit)
        }
        let rows = try await query.sort(Cycle.self, \.$year, .descending).sort(BudgetUnit.self, \.$name).all()
        return try rows.compactMap { row in
            let unit = try row.joined(BudgetUnit.self)
            guard AccessPolicy.allows(principal, .viewSubmission, unit: unit.id, bureau: unit.$bureau.id) else { return nil }
            return SubmissionContext(principal: principal, submission: row, unit: unit, cycle: try row.joined(Cycle.self))
        }
    }
}

/// Guards a group of routes with one permission that does not depend on a unit.
struct RequirePermission: AsyncMiddleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try request.access.require(permission)
        return try await next.respond(to: request)
    }
}
