import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import Vapor

/// 管理 — the bureau admin's pages: units, users, evaluation years, the audit log.
struct AdminPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageBureau)).grouped("admin")
        admin.get(use: index)
        admin.post("units", use: createUnit)
        admin.post("users", use: createUser)
        admin.post("cycles", use: openCycle)
        admin.get("audit", use: audit)
    }

    struct Page: Encodable {
        var units: [UnitRow]
        var users: [UserRow]
        var cycles: [CycleLine]
        var frameworks: [Choice]
        /// The built-in report templates, by their Chinese names.
        var templates: [Choice]
        var roles: [Choice]
        var error: String?
        var typed: Typed
    }

    struct Choice: Content {
        var id: String
        var name: String
    }

    /// A year as the admin's list shows it: the framework by its name (the template's is in the row).
    struct CycleLine: Encodable {
        var cycle: CycleRow
        var frameworkName: String
    }

    /// What the admin's forms hold: what was typed, when a form was refused, so that nothing typed
    /// is lost; otherwise the next year and the framework and template of the bureau's latest year.
    struct Typed: Encodable {
        var year = ""
        var frameworkID = ""
        /// A built-in template's ID, or `own` for the bureau's own file.
        var templateID = ""
        var deadline = ""
        var unitName = ""
        var unitCode = ""
        var username = ""
        var displayName = ""
        var role = ""
        var unitID = ""
    }

    func index(req: Request) async throws -> Response {
        try await page(req, error: nil, typed: nil)
    }

    private func page(_ req: Request, error: String?, typed: Typed?) async throws -> Response {
        let principal = try req.access.principal(.manageBureau)
        let overview = try await BureauOverview(db: req.db, bureauID: principal.bureauID).load()
        let frameworks = req.application.frameworks
        var shown = typed ?? Typed()
        if typed == nil {
            // Cycles come latest year first.
            shown.year = "\((overview.cycles.first?.year ?? Calendar.current.component(.year, from: Date()) - 1) + 1)"
            shown.frameworkID = overview.cycles.first?.frameworkID ?? ""
            let latest = overview.cycles.first?.templateID ?? BuiltInTemplates.standardID
            shown.templateID = BuiltInTemplates.template(latest) == nil ? CycleTemplateUpload.own : latest
        }
        let page = Page(units: overview.units, users: overview.users,
                        cycles: overview.cycles.map { CycleLine(cycle: $0, frameworkName: frameworks.framework($0.frameworkID)?.framework.name ?? $0.frameworkID) },
                        frameworks: frameworks.choices.map { Choice(id: $0.id, name: $0.name) },
                        templates: BuiltInTemplates.all.map { Choice(id: $0.id, name: $0.name) },
                        roles: Role.allCases.map { Choice(id: $0.rawValue, name: $0.label) }, error: error, typed: shown)
        return try await req.page("admin", title: "管理", page, status: error == nil ? .ok : .unprocessableEntity)
    }

    /// Runs an admin action; a refused one shows the page again with the reason and what was typed.
    private func act(_ req: Request, typed: Typed, flash: String, _ body: (Principal) async throws -> Void) async throws -> Response {
        let principal = try req.access.principal(.manageBureau)
        do {
            try await body(principal)
        } catch let error as AbortError where error.status == .unprocessableEntity || error.status == .conflict || error.status == .badRequest {
            return try await page(req, error: error.reason, typed: typed)
        }
        return req.redirect("/admin", flash: flash)
    }

    func createUnit(req: Request) async throws -> Response {
        let form = try req.content.decode(UnitForm.self)
        return try await act(req, typed: Typed(unitName: form.name, unitCode: form.code), flash: "已新增单位「\(form.name)」") {
            try await Workflow(req).createUnit(by: $0, name: form.name, code: form.code)
        }
    }

    func createUser(req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        let typed = Typed(username: form.username, displayName: form.displayName ?? "", role: form.role, unitID: form.unitID ?? "")
        return try await act(req, typed: typed, flash: "已新增用户「\(form.username)」") { principal in
            guard let role = Role(rawValue: form.role) else { throw Abort(.unprocessableEntity, reason: "角色无效") }
            try await Workflow(req).createUser(by: principal, username: form.username, displayName: form.displayName ?? "", role: role,
                                               unitID: form.unitID.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }, password: form.password)
        }
    }

    /// 开启评价年度, every field read as typed (a year that is no number comes back with its reason, not as a bad request).
    /// The page posts it as `multipart/form-data`, for the bureau's own template file.
    struct CyclePageForm: Content {
        var year: String?
        var frameworkID: String?
        var deadline: String?
        var templateID: String?
    }

    func openCycle(req: Request) async throws -> Response {
        let multipart = try req.multipartFields()
        let form = try multipart.map {
            CyclePageForm(year: $0.text("year"), frameworkID: $0.text("frameworkID"), deadline: $0.text("deadline"), templateID: $0.text("templateID"))
        } ?? req.content.decode(CyclePageForm.self)
        let typed = Typed(year: form.year ?? "", frameworkID: form.frameworkID ?? "", templateID: form.templateID ?? "", deadline: form.deadline ?? "")
        let yearText = typed.year.trimmingCharacters(in: .whitespaces)
        return try await act(req, typed: typed, flash: "已开启 \(yearText) 年度") { principal in
            guard let year = Int(yearText) else { throw Abort(.unprocessableEntity, reason: "评价年度「\(yearText.prefix(20))」无效：应为四位年份，如 2022") }
            guard !typed.frameworkID.isEmpty else { throw Abort(.unprocessableEntity, reason: "请选择评分框架") }
            let template = try CycleTemplateUpload.template(id: typed.templateID, file: multipart?.file("templateFile"))
            try await Workflow(req).openCycle(by: principal, year: year, frameworkID: typed.frameworkID, template: template,
                                              deadline: try CycleForm.date(typed.deadline))
        }
    }

    struct AuditPage: Encodable {
        var events: [AuditRow]
        var page: Int
        var previous: Int?
        var next: Int?
    }

    func audit(req: Request) async throws -> Response {
        let principal = try req.access.principal(.manageBureau)
        let page = try AuditRow.pageNumber(req)
        let events = try await AuditRow.page(db: req.db, bureauID: principal.bureauID, page: page)
        return try await req.page("audit", title: "操作日志",
                                  AuditPage(events: events, page: page, previous: page > 1 ? page - 1 : nil,
                                            next: events.count == AuditRow.pageSize ? page + 1 : nil))
    }
}

/// 新增单位.
struct UnitForm: Content {
    var name: String
    var code: String
}

/// 新增用户.
struct UserForm: Content {
    var username: String
    var displayName: String?
    var role: String
    var unitID: String?
    var password: String
}

/// 开启评价年度: the deadline as `2022-09-30` (end of that day, Beijing time) or a full ISO 8601 time;
/// a built-in report template by its ID (default 湛江/廉江).
struct CycleForm: Content {
    var year: Int
    var frameworkID: String
    var deadline: String
    var templateID: String?

    func deadlineDate() throws -> Date { try Self.date(deadline) }

    static func date(_ deadline: String) throws -> Date {
        let text = deadline.trimmingCharacters(in: .whitespaces)
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        if let date = formatter.date(from: text + " 23:59:59") { return date }
        throw Abort(.unprocessableEntity, reason: "截止日期「\(deadline.prefix(40))」无效，应写作 2022-09-30")
    }
}

struct UnitRow: Content {
    var id: UUID
    var name: String
    var code: String
}

struct UserRow: Content {
    var id: UUID
    var username: String
    var displayName: String
    var role: String
    var roleLabel: String
    var unitName: String?
}

struct CycleRow: Content {
    var id: UUID
    var year: Int
    var frameworkID: String
    var templateID: String
    /// 报告模板 by its name.
    var templateName: String
    var deadline: Date
    var deadlineText: String

    init(_ cycle: Cycle) throws {
        let template = cycle.template
        (id, year, frameworkID, templateID, templateName) = (try cycle.requireID(), cycle.year, cycle.frameworkID, template.id, template.name)
        (deadline, deadlineText) = (cycle.deadline, Display.date(cycle.deadline))
    }
}

/// The report template the admin chose when opening a year: a built-in, or the bureau's own file
/// (`format: jixiao/template@1`, YAML or JSON), read and checked with each problem located.
enum CycleTemplateUpload {
    /// The choice that means the uploaded file.
    static let own = "own"
    /// A template file is a page or two of outline: far below the request's limit.
    static let limit = 256 << 10

    static func template(id: String, file: MultipartFields.Part?) throws -> ReportTemplate {
        if let file, !file.data.isEmpty { return try read(file) }
        if id == own { throw Abort(.unprocessableEntity, reason: "请选择本局的报告模板文件（.yaml、.yml 或 .json，格式 \(ReportTemplate.currentFormat)）") }
        guard let template = BuiltInTemplates.template(id.isEmpty ? BuiltInTemplates.standardID : id) else {
            throw Abort(.unprocessableEntity, reason: "没有 ID 为「\(id.prefix(40))」的内置报告模板")
        }
        return template
    }

    /// Never inlined: typed throws inlined into async handlers crash the compiler (see `SubmissionService.analyse`).
    @inline(never)
    private static func read(_ file: MultipartFields.Part) throws -> ReportTemplate {
        let name = (file.filename ?? "").isEmpty ? "模板文件" : file.filename!
        guard file.data.count <= limit else {
            throw Abort(.payloadTooLarge, reason: "\(name)：模板文件过大（\(file.data.count >> 10) KB），上限 \(limit >> 10) KB")
        }
        guard let format = FileFormat(path: name) else { throw Abort(.unprocessableEntity, reason: "\(name)：模板文件应为 .yaml、.yml 或 .json 文件") }
        guard let text = String(data: file.data, encoding: .utf8) else { throw Abort(.unprocessableEntity, reason: "\(name)：不是 UTF-8 编码的文本") }
        do {
            return try TemplateFile.parse(text, format: format, file: name)
        } catch {
            // By line, which the admin's editor shows; the field path stays out of the page.
            let problems = error.errors.prefix(5).map { e in (e.location.map { "第 \($0.line) 行：" } ?? "") + e.message }
            throw Abort(.unprocessableEntity, reason: "报告模板文件「\(name)」有误，未开启年度：" + problems.joined(separator: "；"))
        }
    }
}

/// The bureau's units, users and years, as the admin page and the API list them.
struct BureauOverview {
    let db: any Database
    let bureauID: UUID

    struct Result {
        var units: [UnitRow]
        var users: [UserRow]
        var cycles: [CycleRow]
    }

    func load() async throws -> Result {
        let units = try await BudgetUnit.query(on: db).filter(\.$bureau.$id == bureauID).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        let users = try await User.query(on: db).filter(\.$bureau.$id == bureauID).sort(\.$username).all()
        let cycles = try await Cycle.query(on: db).filter(\.$bureau.$id == bureauID).sort(\.$year, .descending).all()
        return Result(
            units: units.map { UnitRow(id: $0.id!, name: $0.name, code: $0.code) },
            users: users.map { UserRow(id: $0.id!, username: $0.username, displayName: $0.displayName, role: $0.role.rawValue,
                                       roleLabel: $0.role.label, unitName: $0.$unit.id.flatMap { names[$0] }) },
            cycles: try cycles.map(CycleRow.init))
    }
}

/// 操作日志 as lists show it, newest first.
struct AuditRow: Content {
    var at: Date
    var atText: String
    var actor: String
    var action: String
    var targetType: String
    var targetID: UUID?
    var detail: String
    /// The action and its target in Chinese, for the page.
    var actionLabel: String
    var targetLabel: String

    static let pageSize = 100
    /// Pages beyond this would skip more events than any bureau logs (a hundred million).
    static let lastPage = 1_000_000

    /// The `page` query parameter, checked (400 outside 1…lastPage).
    static func pageNumber(_ req: Request) throws -> Int {
        try req.integerQuery("page", in: 1...lastPage, default: 1, label: "页码")
    }

    static func page(db: any Database, bureauID: UUID, page: Int) async throws -> [AuditRow] {
        try await AuditEvent.query(on: db).filter(\.$bureauID == bureauID).sort(\.$at, .descending)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
            .map { AuditRow(at: $0.at, atText: Display.date($0.at), actor: $0.actorName, action: $0.action, targetType: $0.targetType,
                            targetID: $0.targetID, detail: $0.detail,
                            actionLabel: AuditEvent.actionLabels[$0.action] ?? "其他操作",
                            targetLabel: AuditEvent.targetLabels[$0.targetType] ?? "其他") }
    }
}
