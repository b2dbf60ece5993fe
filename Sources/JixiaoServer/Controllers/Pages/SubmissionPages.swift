import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// 自评 — a unit's evaluation of a year, for its editor (edit, upload, submit) and for the
/// bureau (findings, score, comments, return, accept, publish).
struct SubmissionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("submissions")
        s.get(use: list)
        let one = s.grouped(":submissionID")
        one.get(use: show)
        one.get("preview", use: preview)
        one.get("package.zip", use: package)
        one.post("submit", use: submit)
        one.get("revisions", ":number", use: revisionText)
        one.get("diff", use: diff)
        one.get("view", ":part", use: viewPart)
        one.post("comments", use: comment)
        one.post("review-scoring", use: reviewScoring)
        one.post("return", use: returnToUnit)
        one.post("accept", use: accept)
        one.post("publish", use: publish)
    }

    struct ListRow: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var statusLabel: String
        var status: String
        var revision: Int
        var score: String
        var grade: String
        var errors: Int
        var warnings: Int
        var late: Bool
        var deadline: String
    }

    struct ListPage: Encodable {
        var rows: [ListRow]
    }

    func list(req: Request) async throws -> Response {
        _ = try req.access.principal(.signedIn)
        let rows = try await req.access.visibleSubmissions().map { c in
            ListRow(id: c.submission.id!, unitName: c.unit.name, year: c.cycle.year, statusLabel: c.submission.status.label,
                    status: c.submission.status.rawValue, revision: c.submission.revisionNumber, score: c.submission.score ?? "",
                    grade: c.submission.grade ?? "", errors: c.submission.errorCount, warnings: c.submission.warningCount,
                    late: c.submission.late, deadline: Display.date(c.cycle.deadline))
        }
        return try await req.page("submissions", title: "自评", ListPage(rows: rows))
    }

    struct ShowPage: Encodable {
        var detail: SubmissionDetail
        /// The judgement items as a form for the reviewer, with their latest answers.
        var reviewForm: String?
        /// Each part's reading view, where the reviewer comments on a field (批注).
        var parts: [ReportForms.PartSummary]
        /// 项目支出绩效自评表: each project with its 执行率, 总分 and findings counted.
        var projects: [ProjectPages.Row]
        var canComment: Bool
        /// Whether the package has a PDF, and if not why.
        var pdfNote: String
    }

    func show(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let service = SubmissionService(req: req)
        var detail = try await service.detail(context)
        let forms = try await service.forms(context)
        var links = ReportForms.Links(forms, base: "/submissions/\(context.submission.id!)/view")
        for i in detail.comments.indices where !detail.comments[i].path.isEmpty {
            let path = detail.comments[i].path
            detail.comments[i].href = SubmissionService.projectField(path).map { "/submissions/\(context.submission.id!)/projects/\($0.project)/view#\($0.field)" }
                ?? links.link(path)?.href
        }
        var reviewForm: String?
        if WorkflowTable.allows(req.principal, .score, on: context), let framework = service.frameworks.framework(context.cycle.frameworkID) {
            var renderer = FormRenderer(tree: try await Self.reviewTree(service, context))
            renderer.framework = framework.framework
            renderer.render(ReportParts.reviewScoring)
            reviewForm = renderer.html
        }
        return try await req.page("submission", title: "\(detail.unitName) \(detail.year) 年度自评",
                                  ShowPage(detail: detail, reviewForm: reviewForm, parts: forms.summaries(),
                                           projects: ProjectPages.rows(try await ProjectService(req: req).states(context)),
                                           canComment: WorkflowTable.allows(req.principal, .comment, on: context),
                                           pdfNote: PackagePDF.availability(req.application)))
    }

    struct ViewPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var revision: Int
        var statusLabel: String
        var part: String
        var title: String
        var parts: [ReportForms.PartSummary]
        var view: String
        var canComment: Bool
        var previous: String?
        var next: String?
    }

    /// 审阅 — one part's values to read, each field with its findings and open comments; for the
    /// reviewer while the report is submitted, a 批注 link beside each field, which opens a comment
    /// form on the field itself (`?field=`), without a script.
    func viewPart(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let part = try EditPages.formPart(req, context)
        let forms = try await SubmissionService(req: req).forms(context)
        let id = context.submission.id!
        let base = "/submissions/\(id)/view/\(part.id)"
        let page = try EditPages.page(req, part, forms.tree)
        let canComment = WorkflowTable.allows(req.principal, .comment, on: context)
        func fragment(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? path }
        func annotate(_ path: String) -> String {
            let address = EditPages.address(base, page)
            return address + (page == nil ? "?" : "&") + "field=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "#" + fragment(path)
        }
        var annotation: (path: String, html: String)?
        var links = ReportForms.Links(forms, base: "")
        if canComment, let field: String = req.query["field"], links.isField(field) {
            let e = Markup.escape
            annotation = (field, """
                <form method="post" action="/submissions/\(id)/comments" class="annotation" id="annotation">\
                <input type="hidden" name="_csrf" value="\(e(CSRF.token(for: req)))"><input type="hidden" name="path" value="\(e(field))">\
                <label for="annotation-body">对「\(e(ReportParts.place(of: field) ?? ""))」的审核意见</label>\
                <textarea id="annotation-body" name="body" rows="3" required autofocus></textarea>\
                <p><button type="submit" id="add-annotation">添加批注</button> \
                <a class="button secondary" href="\(e(EditPages.address(base, page)))#\(e(fragment(field)))">取消</a></p></form>
                """)
        }
        let rendered = forms.renderer(part, mode: .view(annotate: canComment ? annotate : nil, annotation: annotation), page: page,
                                      address: { EditPages.address(base, $0) })
        let neighbours = EditPages.neighbours(of: part, in: context)
        let view = ViewPage(id: id, unitName: context.unit.name, year: context.cycle.year, revision: context.submission.revisionNumber,
                            statusLabel: context.submission.status.label, part: part.id, title: part.title, parts: forms.summaries(),
                            view: rendered.html, canComment: canComment,
                            previous: neighbours.previous, next: neighbours.next)
        return try await req.page("view", title: "审阅 \(part.title) · \(context.unit.name) \(context.cycle.year) 年度自评", view)
    }

    /// The reviewer's latest answers as the tree the judgement form reads (`self_scoring.answers`).
    static func reviewTree(_ service: SubmissionService, _ context: SubmissionContext) async throws -> SourceNode {
        var tree = SourceNode.emptyMapping
        if let text = try await service.reviewSheet(context), let sheet = try? EvaluationFile.tree(parsing: text, format: .yaml),
            let answers = sheet.node(at: "answers")
        {
            tree.set(answers, at: "self_scoring.answers")
        }
        return tree
    }

    /// 复核评分 — the reviewer's answers to the judgement items, stored as an answers sheet and
    /// checked as `jixiao score --answers` reads one.
    func reviewScoring(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        _ = try WorkflowTable.require(.score, from: context.submission.status)
        let service = SubmissionService(req: req)
        let framework = try service.reviewFramework(context)
        let (tree, typed) = try FormEngine.build(ReportParts.reviewScoring, posted: req.postedForm()?.values ?? [:],
                                                 stored: try await Self.reviewTree(service, context), framework: framework.framework)
        guard typed.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "复核评分有误，未保存：" + typed.values.sorted().joined(separator: "；"))
        }
        let answers = (tree.node(at: "self_scoring.answers") ?? SourceNode(.sequence([]))).withoutBookkeeping
        let sheet = try await service.saveReviewScoring(context, answers: answers)
        return req.redirect("/submissions/\(context.submission.id!)", flash: "已保存复核评分（\(sheet.answers.count) 项）")
    }

    func preview(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let html = try await SubmissionService(req: req).currentAnalysis(context).reportHTML()
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }

    func package(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let zip = try await SubmissionService(req: req).packageZip(context)
        return PublicPages.download(zip.data, name: zip.name, type: HTTPMediaType(type: "application", subType: "zip"))
    }

    /// `confirmed=1` from the confirmation step; without it, the step.
    struct Confirmation: Content {
        var confirmed: String?
    }

    struct ConfirmPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        /// 报送, 公开.
        var action: String
        /// Where the confirmed form posts.
        var path: String
        var consequence: String
        var facts: [String]
        /// Why the action cannot be taken now: no button then.
        var refusal: String?
    }

    /// The confirmation step of `action`, when the form did not come from it: what the action does,
    /// and the facts of the revision it acts on.
    private func confirmation(_ req: Request, _ context: SubmissionContext, _ action: SubmissionAction, facts: [String],
                              refusal: String? = nil) async throws -> Response? {
        guard let consequence = action.confirmation, (try? req.content.decode(Confirmation.self))?.confirmed != "1" else { return nil }
        let page = ConfirmPage(id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year, action: action.label,
                               path: action.rawValue, consequence: consequence, facts: facts, refusal: refusal)
        return try await req.page("confirm", title: "确认\(action.label) \(context.unit.name) \(context.cycle.year) 年度自评", page)
    }

    func submit(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        let analysis = try await SubmissionService(req: req).currentAnalysis(context)
        let missing = analysis.composer.compose(draft: false).missing.count
        let deadline = context.cycle.deadline
        if let step = try await confirmation(req, context, .submit, facts: [
            "报送第 \(context.submission.revisionNumber) 版：错误 \(analysis.summary.error) 项，警告 \(analysis.summary.warning) 项"
                + (missing > 0 ? "，正式材料还缺 \(missing) 项（财政局看到的是草稿）" : "，材料为正式稿"),
            Date() > deadline ? "已过报送截止时间（\(Display.date(deadline))），将记为逾期报送" : "报送截止时间：\(Display.date(deadline))",
        ], refusal: WorkflowTable.submitRefusal(arithmeticErrors: analysis.arithmeticErrors, yearErrors: analysis.yearErrors)) {
            return step
        }
        try await Workflow(req).submit(context, by: context.principal, current: analysis)
        let late = Date() > context.cycle.deadline
        return req.redirect("/submissions/\(context.submission.id!)", flash: late ? "已报送（逾期，已记录）" : "已报送，等待财政局审核")
    }

    // MARK: Revisions

    func revisionText(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        guard let number = req.parameters.get("number", as: Int.self),
            let revision = try await SubmissionService(req: req).revision(context, number: number)
        else { throw Abort(.notFound, reason: "没有这一版") }
        let response = Response(status: .ok, body: .init(string: revision.text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["charset": "utf-8"])
        return response
    }

    struct DiffPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var from: Int
        var to: Int
        var lines: [LineDiff.Line]
        var changed: Int
        var summary: String?
        var numbers: [Int]
    }

    func diff(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let latest = context.submission.revisionNumber
        let to = min(max(req.query["to"] ?? latest, 0), latest)
        let from = min(max(req.query["from"] ?? (to - 1), 0), latest)
        let comparison = try await SubmissionService(req: req).diff(context, from: from, to: to)
        let page = DiffPage(id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year, from: from, to: to,
                            lines: LineDiff.hunks(comparison.lines), changed: comparison.changed, summary: comparison.summary,
                            numbers: Array((0...latest).reversed()))
        return try await req.page("diff", title: "第 \(from) 版与第 \(to) 版的差异", page)
    }

    // MARK: Review and publication

    struct CommentForm: Content {
        var path: String?
        var body: String
    }

    /// 审核意见 on the whole report (no `path`), or 批注 on a field from its part's reading view,
    /// which the reviewer is taken back to.
    func comment(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        let form = try req.content.decode(CommentForm.self)
        let service = SubmissionService(req: req)
        let path = try await service.commentPath(context, form.path)
        try await Workflow(req).comment(context, by: context.principal, path: path, body: form.body)
        if let (project, field) = SubmissionService.projectField(path) {
            return req.redirect("/submissions/\(context.submission.id!)/projects/\(project)/view#\(field)",
                                flash: "已添加批注：\(SubmissionService.fieldLabel(path))")
        }
        var links = ReportForms.Links(try await service.forms(context), base: "/submissions/\(context.submission.id!)/view")
        guard !path.isEmpty, let field = links.link(path) else {
            return req.redirect("/submissions/\(context.submission.id!)", flash: "已添加审核意见")
        }
        return req.redirect(field.href, flash: "已添加批注：\(ReportParts.place(of: path) ?? field.part.title)")
    }

    struct ReturnForm: Content {
        var comment: String?
    }

    func returnToUnit(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        let form = try? req.content.decode(ReturnForm.self)
        try await Workflow(req).returnToUnit(context, by: context.principal, comment: form?.comment)
        return req.redirect("/submissions/\(context.submission.id!)", flash: "已退回单位修改")
    }

    func accept(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        try await Workflow(req).accept(context, by: context.principal)
        return req.redirect("/submissions/\(context.submission.id!)", flash: "已通过")
    }

    func publish(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .publish)
        if let step = try await confirmation(req, context, .publish, facts: [
            "公开已通过的第 \(context.submission.acceptedRevision.map(String.init) ?? "—") 版：自评报告（DOCX、HTML、Markdown）、数据表和评分表（XLSX）",
        ]) {
            return step
        }
        let publication = try await Workflow(req).publish(context, by: context.principal)
        return req.redirect("/published/\(publication.id!)", flash: "已公开，SHA-256：\(publication.packageSHA256)")
    }
}
