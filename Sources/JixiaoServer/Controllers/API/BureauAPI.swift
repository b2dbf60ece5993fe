import Foundation
import Vapor

/// `/api/v1/dashboard`, `/units`, `/users`, `/cycles`, `/audit`: the bureau's side, as JSON.
struct BureauAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewDashboard)).get("dashboard", use: dashboard)
        let admin = routes.grouped(RequirePermission(permission: .manageBureau))
        admin.get("units", use: units)
        admin.post("units", use: createUnit)
        admin.get("users", use: users)
        admin.post("users", use: createUser)
        admin.get("cycles", use: cycles)
        admin.post("cycles", use: openCycle)
        admin.get("audit", use: audit)
    }

    func dashboard(req: Request) async throws -> Dashboard.Data {
        try await DashboardPages.load(req)
    }

    func overview(_ req: Request) async throws -> BureauOverview.Result {
        let principal = try req.access.principal(.manageBureau)
        return try await BureauOverview(db: req.db, bureauID: principal.bureauID).load()
    }

    func units(req: Request) async throws -> [UnitRow] { try await overview(req).units }
    func users(req: Request) async throws -> [UserRow] { try await overview(req).users }
    func cycles(req: Request) async throws -> [CycleRow] { try await overview(req).cycles }

    func createUnit(req: Request) async throws -> Response {
        let form = try req.content.decode(UnitForm.self)
        let unit = try await Workflow(req).createUnit(by: try req.access.principal(.manageBureau), name: form.name, code: form.code)
        return try await UnitRow(id: unit.id!, name: unit.name, code: unit.code).encodeResponse(status: .created, for: req)
    }

    func createUser(req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        guard let role = Role(rawValue: form.role) else { throw Abort(.unprocessableEntity, reason: "角色无效：应为 admin、reviewer 或 editor") }
        let user = try await Workflow(req).createUser(by: try req.access.principal(.manageBureau), username: form.username,
                                                      displayName: form.displayName ?? "", role: role,
                                                      unitID: form.unitID.flatMap(UUID.init(uuidString:)), password: form.password)
        return try await UserRow(id: user.id!, username: user.username, displayName: user.displayName, role: user.role.rawValue,
                                 roleLabel: user.role.label, unitName: nil).encodeResponse(status: .created, for: req)
    }

    func openCycle(req: Request) async throws -> Response {
        let form = try req.content.decode(CycleForm.self)
        let cycle = try await Workflow(req).openCycle(by: try req.access.principal(.manageBureau), year: form.year,
                                                      frameworkID: form.frameworkID,
                                                      template: try CycleTemplateUpload.template(id: form.templateID ?? "", file: nil),
                                                      deadline: try form.deadlineDate())
        return try await CycleRow(cycle).encodeResponse(status: .created, for: req)
    }

    func audit(req: Request) async throws -> [AuditRow] {
        let principal = try req.access.principal(.manageBureau)
        return try await AuditRow.page(db: req.db, bureauID: principal.bureauID, page: try AuditRow.pageNumber(req))
    }
}
