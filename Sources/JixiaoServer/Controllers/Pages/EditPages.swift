import Fluent
import Foundation
import JixiaoCore
import JixiaoAudit
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// 填报 — the unit's editing pages: an overview of the report's parts with their completeness
/// and findings, one form per part, and (advanced) the whole file as text and uploads. Every
/// save names the revision it was made from, so a stale one is refused, never overwritten.
struct EditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("submissions", ":submissionID")
        one.get("edit", use: overview)
        one.get("edit", ":part", use: part)
        one.post("edit", ":part", use: savePart)
        one.get("text", use: text)
        one.post("text", use: saveText)
        one.post("upload", use: upload)
        one.post("check", use: check)
        one.post("start", use: start)
        one.post("start", "report", use: startFromReport)
        one.get("workbook.xlsx", use: workbook)
    }

    /// 标准填报工作簿 of the current revision, for clerks who fill it in Excel and upload it back.
    func workbook(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let data = try StandardWorkbook.make(try await SubmissionService(req: req).currentAnalysis(context).evaluation)
        return PublicPages.download(data, name: "\(context.unit.name)\(context.cycle.year)年度填报工作簿.xlsx",
                                    type: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    }

    /// The editable submission, refused in Chinese when the workflow does not allow saving now.
    static func editable(_ req: Request) async throws -> SubmissionContext {
        let context = try await req.access.submission(for: .editSubmission)
        _ = try WorkflowTable.require(.save, from: context.submission.status)
        return context
    }

    static func forms(_ req: Request, _ context: SubmissionContext) async throws -> ReportForms {
        try await SubmissionService(req: req).forms(context)
    }

    /// The row of the part's paged list shown in full: `?row=`, within the rows there are (the
    /// first when not asked); nil for a part without one, or with no rows.
    static func page(_ req: Request, _ part: FormPart, _ tree: SourceNode) throws -> Int? {
        guard let list = part.pagedList, let count = tree.node(at: list)?.items?.count, count > 0 else { return nil }
        return min(try req.integerQuery("row", in: 0...FieldPath.maximumIndex, default: 0, label: "序号"), count - 1)
    }

    /// The IDs of the parts before and after `part` in the year's outline, for the pages' 上一部分 and 下一部分.
    static func neighbours(of part: FormPart, in context: SubmissionContext) -> (previous: String?, next: String?) {
        let parts = context.formParts
        let index = parts.firstIndex { $0.id == part.id }!
        return (index > 0 ? parts[index - 1].id : nil, index + 1 < parts.count ? parts[index + 1].id : nil)
    }

    /// The part's page at `base`, with row `row` of its paged list open.
    static func address(_ base: String, _ row: Int?) -> String { base + (row.map { "?row=\($0)" } ?? "") }

    // MARK: Overview

    struct OverviewPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var revision: Int
        var parts: [ReportForms.PartSummary]
        var findings: [ReportForms.FindingLink]
        var missing: [String]
        /// What the formal package must contain, and how much of it the report holds.
        var required: Int
        var met: Int
        var percent: Int
        var errors: Int
        var warnings: Int
        var final: Bool
        /// The open comments, each with the field's label and a link to it.
        var comments: [CommentRow]
        /// The revision the open comments were made on.
        var commentRound: Int?
        var earlierComments: Int
        /// The year before, when its evaluation was accepted: a starting point.
        var lastYear: Int?
        /// Whether the package has a PDF, and if not why.
        var pdfNote: String
    }

    func overview(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let service = SubmissionService(req: req)
        let forms = try await Self.forms(req, context)
        let base = "/submissions/\(context.submission.id!)/edit"
        let missing = forms.missingForFinal
        let progress = forms.progress(nil)
        var links = ReportForms.Links(forms, base: base)
        let comments = try await service.comments(context)
        let open = comments.filter(\.open).map { comment in
            var row = comment
            row.href = comment.path.isEmpty ? nil : SubmissionService.projectField(comment.path).map { "/submissions/\(context.submission.id!)/projects/\($0.project)#\($0.field)" }
                ?? links.link(comment.path)?.href
            return row
        }
        let page = OverviewPage(
            id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year, revision: context.submission.revisionNumber,
            parts: forms.summaries(), findings: forms.findingLinks(base: base).filter { $0.severityClass != "info" },
            missing: missing.map { ReportForms.plain($0.what) }, required: progress.required, met: progress.met, percent: progress.percent,
            errors: forms.analysis.summary.error, warnings: forms.analysis.summary.warning,
            final: WorkflowTable.packageIsFinal(missing: missing.map(\.what), arithmeticErrors: forms.analysis.arithmeticErrors),
            comments: open, commentRound: open.first?.revision, earlierComments: comments.count - open.count,
            lastYear: try await service.lastYearAccepted(context) != nil ? context.cycle.year - 1 : nil,
            pdfNote: PackagePDF.availability(req.application))
        return try await req.page("edit", title: "填报 \(context.unit.name) \(context.cycle.year) 年度自评", page)
    }

    // MARK: Starting points

    struct StartForm: Content {
        var from: String
        var _base: Int?
    }

    /// 起点 — the year's draft from last year's accepted revision, or blank.
    func start(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let form = try req.content.decode(StartForm.self)
        let service = SubmissionService(req: req)
        let text: String, source: String
        switch form.from {
        case "last-year":
            guard let (number, last) = try await service.lastYearAccepted(context) else {
                throw Abort(.notFound, reason: "\(context.cycle.year - 1) 年度没有已通过的自评，不能结转")
            }
            // The revision is the year before's, whatever its file says: the cycle it was accepted in tells.
            let lastText = last.text, year = context.cycle.year
            text = try await req.application.slowWork.run(if: EvaluationInput.text(lastText, .yaml).isSlowWork) {
                try Self.revisionText(of: try Analysis.analyse(yaml: lastText, framework: nil).evaluation.nextYearDraft(year: year))
            }
            source = "\(context.cycle.year - 1) 年度第 \(number) 版结转"
        case "blank":
            text = EvaluationTemplate.yaml(unit: context.unit.name, year: context.cycle.year, template: context.cycle.template)
            source = "空白"
        default:
            throw Abort(.unprocessableEntity, reason: "起点应为 last-year 或 blank")
        }
        let (revision, analysis) = try await service.save(context, .text(text, .yaml), source: source, base: try Self.base(form._base))
        return Self.saved(req, context, revision, analysis, to: "")
    }

    /// 起点 — a published report's text read into a draft (`jixiao extract`).
    func startFromReport(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let fields = try req.multipartFields()
        guard let file = fields?.file("file"), !file.data.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "请选择已发布的报告：PDF，或其纯文本文件（.txt，UTF-8 编码）")
        }
        let name = file.filename ?? "报告文本"
        let data = file.data, year = context.cycle.year, limits = req.application.pdfTextLimits
        // Reading the report is slow work: pdftotext within its limits, then the extraction.
        let draft = try await req.application.slowWork.run { try Self.draft(fromReport: data, named: name, year: year, limits: limits) }
        let (revision, _) = try await SubmissionService(req: req).save(context, .text(draft.yaml, .yaml), source: "读自 \(name)",
                                                                      base: try Self.base(fields?.text("_base").flatMap { Int($0) }))
        return req.redirect("/submissions/\(context.submission.id!)/edit",
                            flash: "已从「\(name)」读出 \(draft.read) 项，保存为第 \(revision.number) 版；\(draft.note)"
                                + (draft.unread.isEmpty ? "" : "；未读出：\(draft.unread)"))
    }

    /// The draft of `year` that a published report (its PDF, or its text in UTF-8) gives: the file,
    /// how many figures were read, what the year's start says, and the first things left unread.
    private static func draft(fromReport data: Data, named name: String, year: Int, limits: ProcessLimits) throws
        -> (yaml: String, read: Int, note: String, unread: String)
    {
        let text: String
        if PDFText.isPDF(data) {
            do { text = try PDFText.text(of: data, limits: limits) } catch {
                throw Abort(.unprocessableEntity, reason: "\(name)：\(error)")
            }
        } else if let plain = String(data: data, encoding: .utf8) {
            text = plain
        } else {
            throw Abort(.unprocessableEntity, reason: "\(name)：既不是 PDF，也不是 UTF-8 编码的纯文本")
        }
        let extraction = FactExtractor.extract(ReportText(text))
        let start: Evaluation.YearStart
        do { start = try extraction.evaluation.start(ofYear: year) } catch {
            throw Abort(.unprocessableEntity, reason: "\(name)：\(error)")
        }
        return (try Self.revisionText(of: start.evaluation), extraction.locations.count, start.note,
                extraction.unread.prefix(8).joined(separator: "；"))
    }

    /// What a draft made on the server (last year's revision carried over, a report read) is
    /// written as: refused (422) before it is written when it would pass a revision's size.
    static func revisionText(of draft: Evaluation) throws -> String {
        do { return try EvaluationFile.render(draft, as: .yaml, within: .revision) } catch let errors as SourceErrors {
            throw InputRejected(errors)
        }
    }

    // MARK: One part

    struct PartPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var revision: Int
        var part: String
        var title: String
        var parts: [ReportForms.PartSummary]
        var form: String
        /// Where the form posts: the part's page, with the open row of its paged list.
        var action: String
        var required: Int
        var met: Int
        var percent: Int
        /// 输入有误，未保存 / 已被他人保存 — why nothing was saved.
        var refusal: String?
        var problems: [String]
        var notice: String?
        var findings: [ReportForms.FindingLink]
        var previous: String?
        var next: String?
    }

    func part(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        return try await partPage(req, context, try Self.formPart(req, context))
    }

    /// The part the address names, titled as the year's template titles it.
    static func formPart(_ req: Request, _ context: SubmissionContext) throws -> FormPart {
        guard let id = req.parameters.get("part"), let part = context.formParts.first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "没有这一部分")
        }
        return part
    }

    private func partPage(_ req: Request, _ context: SubmissionContext, _ part: FormPart, edited: SourceNode? = nil,
                          problems: [String: String] = [:], refusal: String? = nil, notice: String? = nil,
                          status: HTTPStatus = .ok) async throws -> Response
    {
        let forms = try await Self.forms(req, context)
        let base = "/submissions/\(context.submission.id!)/edit"
        let page = try Self.page(req, part, edited ?? forms.tree)
        let rendered = forms.renderer(part, tree: edited, problems: problems, page: page, address: { Self.address("\(base)/\(part.id)", $0) })
        let neighbours = Self.neighbours(of: part, in: context)
        let progress = forms.progress(part)
        let pageData = PartPage(
            id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year, revision: context.submission.revisionNumber,
            part: part.id, title: part.title, parts: forms.summaries(), form: rendered.html, action: Self.address("\(base)/\(part.id)", page),
            required: progress.required, met: progress.met, percent: progress.percent, refusal: refusal,
            problems: problems.sorted { $0.key < $1.key }.map { "\(ReportParts.place(of: $0.key) ?? ReportParts.label(of: $0.key) ?? part.title)：\($0.value)" },
            notice: notice,
            // Those of the open row of the paged list and outside it: the folded rows say what they hold.
            findings: edited == nil ? forms.findingLinks(base: base) { part.owns($0) && [nil, page].contains(part.pagedRow(of: $0)) } : [],
            previous: neighbours.previous, next: neighbours.next)
        return try await req.page("part", title: "\(part.title) · \(context.unit.name) \(context.cycle.year) 年度自评", pageData, status: status)
    }

    /// The posted form applied to `stored` (`FormEngine.build`): the edited tree, each typed value
    /// that is not valid by field path, and the fields as posted.
    static func posted(_ req: Request, _ part: FormPart, stored: SourceNode, framework: Framework?) throws
        -> (tree: SourceNode, typed: [String: String], fields: PostedForm?)
    {
        let fields = req.postedForm()
        var (tree, typed) = try FormEngine.build(part, posted: fields?.values ?? [:], stored: stored, framework: framework)
        // A field whose percent-encoding is broken is an error, never an empty value.
        for name in fields?.undecodable ?? [] where !name.hasPrefix("_") {
            typed[name] = "填写的内容传送有误（编码不完整），未能读取；请重新填写后保存"
        }
        return (tree, typed, fields)
    }

    func savePart(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let part = try Self.formPart(req, context)
        let service = SubmissionService(req: req)
        let forms = try await Self.forms(req, context)
        var (tree, typed, fields) = try Self.posted(req, part, stored: forms.tree, framework: forms.framework)
        let posted = fields?.values ?? [:]
        let action = posted["_action"] ?? "save"
        if action != "save" || !(fields?.undecodable.isEmpty ?? true) {
            if action == "save" {
                return try await partPage(req, context, part, edited: tree, problems: typed, refusal: "输入有误，未保存：请按各字段旁的说明改正。",
                                          status: .unprocessableEntity)
            }
            let done = FormEngine.apply(action: action, to: &tree)
            return try await partPage(req, context, part, edited: tree, problems: typed, notice: done ?? "未保存")
        }
        guard let base = posted["_base"].flatMap(Int.init) else {
            return try await partPage(req, context, part, edited: tree, problems: typed, refusal: "表单缺少所依据的版本号，未保存。请刷新页面后重新填写。",
                                      status: .unprocessableEntity)
        }
        do {
            let yaml = try FormEngine.file(from: tree, stored: forms.tree, storedText: forms.analysis.yaml, typed: typed)
            let (revision, analysis) = try await service.save(context, .text(yaml, .yaml), source: "表单：\(part.title)", base: base)
            return req.redirect(Self.address("/submissions/\(context.submission.id!)/edit/\(part.id)", try Self.page(req, part, tree)),
                                flash: "已保存第 \(revision.number) 版：错误 \(analysis.summary.error) 项，警告 \(analysis.summary.warning) 项")
        } catch let rejected as InputRejected {
            var problems = typed
            for p in rejected.problems where problems[p.path ?? ""] == nil { problems[p.path ?? ""] = ReportForms.plain(p.message) }
            return try await partPage(req, context, part, edited: tree, problems: problems, refusal: "输入有误，未保存：请按各字段旁的说明改正。",
                                      status: .unprocessableEntity)
        } catch let stale as StaleRevision {
            return try await partPage(req, context, part, edited: tree, problems: typed, refusal: stale.reason, status: .conflict)
        }
    }

    // MARK: The whole file (advanced)

    struct TextPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var revision: Int
        var text: String
        var format: String
        var problems: [InputProblem]
        /// Why nothing was saved: the input, or a save in between.
        var refusal: String
        var findings: [Display.FindingRow]
        var errors: Int
        var warnings: Int
    }

    func text(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        return try await textPage(req, context)
    }

    /// The text page: the current revision, or the rejected input with its problems (422, or 409 when stale).
    private func textPage(_ req: Request, _ context: SubmissionContext, rejectedText: String? = nil, format: FileFormat = .yaml,
                          problems: [InputProblem] = [], status: HTTPStatus? = nil) async throws -> Response
    {
        let analysis = try await SubmissionService(req: req).currentAnalysis(context)
        let page = TextPage(id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year,
                            revision: context.submission.revisionNumber, text: rejectedText ?? analysis.yaml, format: format.rawValue,
                            problems: problems, refusal: status == .conflict ? "未保存：" : "输入有误，未保存：",
                            findings: Display.findings(analysis.findings), errors: analysis.summary.error,
                            warnings: analysis.summary.warning)
        return try await req.page("text", title: "全文编辑 \(context.unit.name) \(context.cycle.year) 年度自评", page,
                                  status: status ?? (problems.isEmpty ? .ok : .unprocessableEntity))
    }

    struct TextForm: Content {
        var text: String
        var format: String?
        var _base: Int?
    }

    func saveText(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let form = try req.content.decode(TextForm.self)
        let format = FileFormat(rawValue: form.format ?? "yaml") ?? .yaml
        // Browsers send CR LF from a text area; the stored file uses LF.
        let text = form.text.replacingOccurrences(of: "\r\n", with: "\n")
        do {
            let (revision, analysis) = try await SubmissionService(req: req).save(context, .text(text, format), source: "文本编辑",
                                                                                   base: try Self.base(form._base))
            return Self.saved(req, context, revision, analysis, to: "text")
        } catch let rejected as InputRejected {
            return try await textPage(req, context, rejectedText: text, format: format, problems: rejected.problems)
        } catch let stale as StaleRevision {
            return try await textPage(req, context, rejectedText: text, format: format, problems: [InputProblem(message: stale.reason)], status: .conflict)
        }
    }

    static func base(_ value: Int?) throws -> Int {
        guard let value else { throw Abort(.unprocessableEntity, reason: "缺少所依据的版本号（_base），未保存。请刷新页面后重新保存。") }
        return value
    }

    func upload(req: Request) async throws -> Response {
        let context = try await Self.editable(req)
        let fields = try req.multipartFields()
        guard let file = fields?.file("file"), !file.data.isEmpty else {
            return try await textPage(req, context, problems: [InputProblem(message: "请选择要上传的文件（.yaml、.json 或 .xlsx）")])
        }
        let name = (file.filename ?? "").isEmpty ? "上传文件" : file.filename!
        let data = file.data
        let input: EvaluationInput
        switch (name as NSString).pathExtension.lowercased() {
        case "xlsx": input = .workbook(data, name: name)
        case "yaml", "yml", "json":
            guard let text = String(data: data, encoding: .utf8) else {
                return try await textPage(req, context, problems: [InputProblem(location: name, path: nil, message: "文件不是 UTF-8 编码的文本")])
            }
            input = .text(text, FileFormat(path: name) ?? .yaml)
        default:
            return try await textPage(req, context, problems: [InputProblem(location: name, path: nil, message: "只能上传 .yaml、.yml、.json 或 .xlsx 文件")])
        }
        do {
            let base = try Self.base(fields?.text("_base").flatMap { Int($0) })
            let (revision, analysis) = try await SubmissionService(req: req).save(context, input, source: "上传 \(name)", base: base)
            return Self.saved(req, context, revision, analysis, to: "")
        } catch let rejected as InputRejected {
            return try await textPage(req, context, problems: rejected.problems.map {
                var p = $0
                p.location = [name, p.location].compactMap { $0 }.joined(separator: ":")
                return p
            })
        } catch let stale as StaleRevision {
            return try await textPage(req, context, problems: [InputProblem(message: stale.reason)], status: .conflict)
        }
    }

    private static func saved(_ req: Request, _ context: SubmissionContext, _ revision: Revision, _ analysis: Analysis, to page: String) -> Response {
        req.redirect("/submissions/\(context.submission.id!)/" + (page.isEmpty ? "edit" : page),
                     flash: "已保存第 \(revision.number) 版：错误 \(analysis.summary.error) 项，警告 \(analysis.summary.warning) 项")
    }

    struct CheckResult: Content {
        var ok: Bool
        var problems: [InputProblem]
        var findings: [Display.FindingRow]
        var errors: Int
        var warnings: Int
    }

    /// 即时核对 — checks text without saving (the text page calls it as the clerk types).
    func check(req: Request) async throws -> CheckResult {
        let context = try await req.access.submission(for: .editSubmission)
        let service = SubmissionService(req: req)
        do {
            let form = try req.content.decode(TextForm.self)
            let input = EvaluationInput.text(form.text.replacingOccurrences(of: "\r\n", with: "\n"), FileFormat(rawValue: form.format ?? "yaml") ?? .yaml)
            let analysis = try await service.analyse(context, input)
            try SubmissionService.requireOwnUnit(analysis, context.unit.name)
            return CheckResult(ok: true, problems: [], findings: Display.findings(analysis.findings),
                               errors: analysis.summary.error, warnings: analysis.summary.warning)
        } catch let rejected as InputRejected {
            return CheckResult(ok: false, problems: rejected.problems, findings: [], errors: 0, warnings: 0)
        }
    }
}
