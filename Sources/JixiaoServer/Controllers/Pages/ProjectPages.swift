import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// 项目支出绩效自评表 — the unit's project forms: the list with each project's 执行率 and 总分, adding
/// projects (from last year's, from the final accounts' project list, or blank), one form per
/// project with jixiao's figures beside what was typed, and the reading view where the reviewer
/// comments on a project's fields.
struct ProjectPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("submissions", ":submissionID", "projects")
        one.get(use: list)
        one.post(use: add)
        one.get(":project", use: edit)
        one.post(":project", use: save)
        one.get(":project", "view", use: view)
    }

    // MARK: The list

    struct Row: Encodable {
        var project: Int
        var title: String
        var revision: Int
        var execution: String
        var total: String
        var grade: String
        var errors: Int
        var warnings: Int
    }

    struct ListPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var rows: [Row]
        var editable: Bool
        var lastYear: Int?
        var lastYearCount: Int
        /// 决算中列出、尚未建表的项目.
        var budgetProjects: [String]
    }

    static func rows(_ states: [ProjectState]) -> [Row] {
        states.map { state in
            Row(project: state.project, title: state.title, revision: state.revision.number, execution: state.executionText,
                total: state.totalText, grade: state.sheet.grade?.grade ?? "—",
                errors: state.findings.filter { $0.severity == .error }.count, warnings: state.findings.filter { $0.severity == .warning }.count)
        }
    }

    func list(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let service = ProjectService(req: req)
        let states = try await service.states(context)
        let editable = WorkflowTable.allows(req.principal, .save, on: context)
        let lastYear = editable ? try await service.lastYearProjects(context) : []
        let budget = editable ? try await service.budgetProjectsNotAdded(context, have: states) : []
        let page = ListPage(id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year, rows: Self.rows(states),
                            editable: editable, lastYear: lastYear.isEmpty ? nil : context.cycle.year - 1, lastYearCount: lastYear.count,
                            budgetProjects: budget.map(\.name))
        return try await req.page("projects", title: "项目支出绩效自评表 · \(context.unit.name) \(context.cycle.year) 年度", page)
    }

    struct AddForm: Content {
        /// blank, last-year, budget.
        var from: String
        var name: String?
    }

    /// 添加项目 — blank (with its name), last year's projects, or the final accounts' projects not yet added.
    func add(req: Request) async throws -> Response {
        let context = try await EditPages.editable(req)
        let form = try req.content.decode(AddForm.self)
        let service = ProjectService(req: req)
        let framework: ProjectFramework
        do { framework = try ProjectFrameworkFile.resolve(ProjectFramework.defaultID) } catch {
            throw Abort(.internalServerError, reason: "内置的项目评分规则无法读取：\(error)")
        }
        let year = context.cycle.year, unit = context.unit.name
        let projects: [ProjectEvaluation], source: String
        switch form.from {
        case "blank":
            let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw Abort(.unprocessableEntity, reason: "请填写项目名称") }
            try Workflow.requirePlainName(name, "项目名称", 200)
            projects = [.blank(name: name, year: year, implementer: unit, framework: framework)]
            source = "空白"
        case "last-year":
            projects = try await service.lastYearProjects(context)
            guard !projects.isEmpty else { throw Abort(.notFound, reason: "\(year - 1) 年度没有已通过的项目自评表，不能结转") }
            source = "\(year - 1) 年度结转"
        case "budget":
            let lines = try await service.budgetProjectsNotAdded(context, have: try await service.states(context))
            guard !lines.isEmpty else { throw Abort(.notFound, reason: "决算的项目支出中没有尚未建表的项目") }
            projects = lines.map { line in
                var project = ProjectEvaluation.blank(name: line.name, year: year, implementer: unit, framework: framework)
                project.category = line.category
                return project
            }
            source = "决算项目支出"
        default:
            throw Abort(.unprocessableEntity, reason: "添加方式应为 blank、last-year 或 budget")
        }
        let numbers = try await service.add(context, projects, source: source)
        let base = "/submissions/\(context.submission.id!)/projects"
        return req.redirect(numbers.count == 1 ? "\(base)/\(numbers[0])" : base, flash: "已添加 \(numbers.count) 个项目（\(source)）")
    }

    // MARK: One project

    struct ScoreRow: Encodable {
        var label: String
        var weight: String
        var stated: String
        var computed: String
        var basis: String
        var differs: Bool
    }

    struct FindingRow: Encodable {
        var severity: String
        var severityClass: String
        var message: String
        var href: String
    }

    /// A project's page: its form (the clerk's) or its values to read (everyone's, with the reviewer's 批注).
    struct ProjectPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var project: Int
        var title: String
        var revision: Int
        var statusLabel: String
        /// The form or the values to read, as HTML.
        var form: String
        var refusal: String?
        var problems: [String] = []
        var notice: String?
        var findings: [FindingRow]
        var scores: [ScoreRow]
        var execution: String
        var total: String
        var statedTotal: String
        var grade: String
        var canComment = false

        /// The page of `state`, its findings linking to the fields on the page at `base`.
        init(_ context: SubmissionContext, _ state: ProjectState, form: String, base: String, findings shown: Bool = true) {
            id = context.submission.id!
            unitName = context.unit.name
            year = context.cycle.year
            project = state.project
            title = state.title
            revision = state.revision.number
            statusLabel = context.submission.status.label
            self.form = form
            findings = !shown ? [] : state.findings.map {
                FindingRow(severity: $0.severity.label, severityClass: $0.severity.rawValue, message: ProjectForm.plain($0.message),
                           href: "\(base)#\($0.path.text.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? "")")
            }
            scores = ProjectPages.scoreRows(state.sheet)
            execution = state.executionText
            total = state.totalText
            statedTotal = state.loaded.project.totalScore?.description ?? "（未填）"
            grade = state.sheet.grade?.grade ?? "—"
        }
    }

    static func project(_ req: Request) throws -> Int {
        guard let text = req.parameters.get("project"), let number = Int(text), number > 0 else { throw Abort(.notFound, reason: "没有这个项目") }
        return number
    }

    /// jixiao's figures beside the stated ones: 执行率, each score with its basis, 总分 and grade.
    static func notes(_ state: ProjectState) -> [String: String] {
        let sheet = state.sheet
        var notes: [String: String] = [:]
        if let rate = sheet.executionRate { notes["funds.total.execution_rate"] = "按全年执行数 ÷ 全年预算数计算：\(ProjectScoring.percent(rate))" }
        for line in [sheet.execution] + sheet.indicators {
            notes[line.path.text] = "计算得分：\(line.computed.map { "\(ProjectScoring.number($0)) 分" } ?? "无法计分")。\(line.basis)"
        }
        notes["total_score"] = "按各项得分合计：\(state.totalText) 分" + (sheet.unscored.isEmpty ? "" : "（\(sheet.unscored.count) 项无法计分，暂定）")
        if let grade = sheet.grade { notes["grade"] = "按总分评定：\(grade.grade)" }
        return notes
    }

    static func scoreRows(_ sheet: ProjectScoreSheet) -> [ScoreRow] {
        ([sheet.execution] + sheet.indicators).map { line in
            let computed = line.computed.map(ProjectScoring.number) ?? "无法计分"
            return ScoreRow(label: line.label, weight: line.weight.map(ProjectScoring.number) ?? "—", stated: line.stated?.description ?? "（未填）",
                            computed: computed, basis: line.basis, differs: line.stated.map { ProjectScoring.number($0.value) != computed } ?? false)
        }
    }

    /// The open comments on project `project`'s fields, by the field's path in the project file.
    static func comments(_ req: Request, _ context: SubmissionContext, project: Int) async throws -> [String: [String]] {
        let prefix = ProjectState.commentPrefix(project)
        var byPath: [String: [String]] = [:]
        for comment in try await SubmissionService(req: req).comments(context) where comment.open && comment.path.hasPrefix(prefix) {
            byPath[String(comment.path.dropFirst(prefix.count)), default: []].append("\(comment.body)（\(comment.author)，\(comment.createdAtText)）")
        }
        return byPath
    }

    static func renderer(_ state: ProjectState, tree: SourceNode, edited: Bool, problems: [String: String] = [:], mode: FormRenderer.Mode = .edit,
                         comments: [String: [String]]) -> FormRenderer {
        var renderer = FormRenderer(tree: tree)
        renderer.mode = mode
        renderer.problems = problems
        renderer.comments = comments
        if !edited {
            renderer.findings = Dictionary(grouping: state.findings, by: \.path.text).mapValues { $0.map { ProjectForm.plain($0.message) } }
            renderer.notes = notes(state)
        }
        renderer.render(ProjectForm.part)
        return renderer
    }

    private func page(_ req: Request, _ context: SubmissionContext, _ state: ProjectState, edited: SourceNode? = nil,
                      problems: [String: String] = [:], refusal: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let id = context.submission.id!
        let base = "/submissions/\(id)/projects/\(state.project)"
        let comments = try await Self.comments(req, context, project: state.project)
        let rendered = Self.renderer(state, tree: try edited ?? state.tree, edited: edited != nil, problems: problems, comments: comments)
        var page = ProjectPage(context, state, form: rendered.html, base: base, findings: edited == nil)
        page.refusal = refusal
        page.problems = problems.sorted { $0.key < $1.key }.map { "\(ProjectForm.place(of: $0.key) ?? "项目表")：\($0.value)" }
        page.notice = notice
        return try await req.page("project", title: "\(state.title) · 项目支出绩效自评表", page, status: status)
    }

    func edit(req: Request) async throws -> Response {
        let context = try await EditPages.editable(req)
        return try await page(req, context, try await ProjectService(req: req).state(context, project: try Self.project(req)))
    }

    func save(req: Request) async throws -> Response {
        let context = try await EditPages.editable(req)
        let service = ProjectService(req: req)
        let state = try await service.state(context, project: try Self.project(req))
        var (tree, typed, fields) = try EditPages.posted(req, ProjectForm.part, stored: try state.tree, framework: nil)
        let posted = fields?.values ?? [:]
        let action = posted["_action"] ?? "save"
        if action != "save" {
            let done = FormEngine.apply(action: action, to: &tree)
            return try await page(req, context, state, edited: tree, problems: typed, notice: done ?? "未保存")
        }
        guard let base = posted["_base"].flatMap(Int.init) else {
            return try await page(req, context, state, edited: tree, problems: typed, refusal: "表单缺少所依据的版本号，未保存。请刷新页面后重新填写。",
                                  status: .unprocessableEntity)
        }
        do {
            let text = try ProjectForm.file(from: tree, typed: typed)
            try await service.save(context, project: state.project, base: base, text: text, source: "表单")
            let saved = try await service.state(context, project: state.project)
            return req.redirect("/submissions/\(context.submission.id!)/projects/\(state.project)",
                                flash: "已保存「\(saved.title)」第 \(saved.revision.number) 版：执行率 \(saved.executionText)，总分 \(saved.totalText) 分")
        } catch let rejected as InputRejected {
            var problems = typed
            for p in rejected.problems where problems[p.path ?? ""] == nil { problems[p.path ?? ""] = ProjectForm.plain(p.message) }
            return try await page(req, context, state, edited: tree, problems: problems, refusal: "输入有误，未保存：请按各字段旁的说明改正。",
                                  status: .unprocessableEntity)
        } catch let stale as StaleRevision {
            return try await page(req, context, state, edited: tree, problems: typed, refusal: stale.reason, status: .conflict)
        }
    }

    // MARK: Reading, and the reviewer's 批注

    func view(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let state = try await ProjectService(req: req).state(context, project: try Self.project(req))
        let id = context.submission.id!
        let base = "/submissions/\(id)/projects/\(state.project)/view"
        let canComment = WorkflowTable.allows(req.principal, .comment, on: context)
        func fragment(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? path }
        func annotate(_ path: String) -> String {
            base + "?field=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "#" + fragment(path)
        }
        let tree = try state.tree
        let comments = try await Self.comments(req, context, project: state.project)
        var annotation: (path: String, html: String)?
        if canComment, let field: String = req.query["field"], Self.renderer(state, tree: tree, edited: false, comments: [:]).anchors.contains(field) {
            let e = Markup.escape
            annotation = (field, """
                <form method="post" action="/submissions/\(id)/comments" class="annotation" id="annotation">\
                <input type="hidden" name="_csrf" value="\(e(CSRF.token(for: req)))"><input type="hidden" name="path" value="\(e(state.commentPath(field)))">\
                <label for="annotation-body">对「\(e(state.title)) › \(e(ProjectForm.place(of: field) ?? ""))」的审核意见</label>\
                <textarea id="annotation-body" name="body" rows="3" required autofocus></textarea>\
                <p><button type="submit" id="add-annotation">添加批注</button> \
                <a class="button secondary" href="\(e(base))#\(e(fragment(field)))">取消</a></p></form>
                """)
        }
        let rendered = Self.renderer(state, tree: tree, edited: false, mode: .view(annotate: canComment ? annotate : nil, annotation: annotation),
                                     comments: comments)
        var page = ProjectPage(context, state, form: rendered.html, base: base)
        page.canComment = canComment
        return try await req.page("project-view", title: "审阅 \(state.title) · 项目支出绩效自评表", page)
    }
}
