import Fluent
import Foundation
import JixiaoFormats
import JixiaoForms
import JixiaoCore
import Vapor

/// `/api/v1/submissions`: the cycle's operations on a unit's evaluation, as JSON.
struct SubmissionAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("submissions")
        s.get(use: list)
        let one = s.grouped(":submissionID")
        one.get(use: show)
        one.get("evaluation", use: evaluation)
        one.put("evaluation", use: save)
        one.post("check", use: check)
        one.post("submit", use: submit)
        one.get("revisions", use: revisions)
        one.get("revisions", ":number", use: revision)
        one.get("diff", use: diff)
        one.post("comments", use: comment)
        one.post("return", use: returnToUnit)
        one.post("accept", use: accept)
        one.post("publish", use: publish)
        one.get("parts", use: parts)
        one.get("parts", ":part", use: part)
        one.put("parts", ":part", use: savePart)
        one.get("review-scoring", use: reviewScoring)
        one.put("review-scoring", use: saveReviewScoring)
    }

    // MARK: The report's parts

    struct Parts: Content {
        var revision: Int
        var parts: [ReportForms.PartSummary]
        var findings: [ReportForms.FindingLink]
        /// What the report lacks before the package can be final.
        var missing: [String]
        var final: Bool
    }

    /// The parts in outline order with their completeness, and the findings linked to their fields.
    func parts(req: Request) async throws -> Parts {
        let context = try await req.access.submission(for: .viewSubmission)
        let forms = try await EditPages.forms(req, context)
        let missing = forms.missingForFinal
        return Parts(revision: context.submission.revisionNumber, parts: forms.summaries(),
                     findings: forms.findingLinks(base: "/submissions/\(context.submission.id!)/edit"), missing: missing.map(\.what),
                     final: WorkflowTable.packageIsFinal(missing: missing.map(\.what), arithmeticErrors: forms.analysis.arithmeticErrors))
    }

    /// One part: `{"revision", "part", "title", "data"}`, `data` holding the part's keys of the file as JSON.
    func part(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let part = try EditPages.formPart(req, context)
        let forms = try await EditPages.forms(req, context)
        var data = SourceNode.emptyMapping
        for path in part.owns { if let node = forms.tree.node(at: path) { data.set(node, at: path) } }
        let body = SourceNode(.mapping([
            .init(key: "revision", value: SourceNode(.scalar("\(context.submission.revisionNumber)", .number))),
            .init(key: "part", value: SourceNode(.scalar(part.id, .text))),
            .init(key: "title", value: SourceNode(.scalar(part.title, .text))),
            .init(key: "data", value: data),
        ]))
        return try Self.json(body)
    }

    /// Replaces the part's keys with `data` (what `GET` gave, edited), made from `baseRevision`:
    /// checked as the file is, stored as a new revision (201), refused with problems (422) or as stale (409).
    func savePart(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        _ = try WorkflowTable.require(.save, from: context.submission.status)
        let part = try EditPages.formPart(req, context)
        let body = try Self.jsonTree(req)
        guard let base = body.node(at: "baseRevision")?.scalarText.flatMap(Int.init) else {
            throw Abort(.unprocessableEntity, reason: "缺少 baseRevision：请给出修改所依据的版本号（GET 本部分时的 revision）")
        }
        let data = body.node(at: "data") ?? .emptyMapping
        guard case .mapping = data.content else { throw Abort(.unprocessableEntity, reason: "data 应为对象") }
        let stray = Self.unowned(data, under: "", by: part)
        guard stray.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "data 只能包含本部分（\(part.title)）的字段：\(part.owns.joined(separator: "、"))；多出 \(stray.joined(separator: "、"))")
        }
        let forms = try await EditPages.forms(req, context)
        var tree = forms.tree
        // Text tidied as the forms tidy it: nothing the API stores holds what pasting leaves.
        let tidied = FormEngine.tidyingTexts(in: data, part.items)
        for path in part.owns { tree.set(tidied.node(at: path), at: path) }
        let yaml = try FormEngine.file(from: tree, stored: forms.tree, storedText: forms.analysis.yaml, typed: [:])
        let (revision, analysis) = try await SubmissionService(req: req).save(context, .text(yaml, .yaml), source: "接口：\(part.title)", base: base)
        return try await Saved(revision: revision.number, sha256: revision.sha256, errors: analysis.summary.error,
                               warnings: analysis.summary.warning, findings: Display.findings(analysis.findings))
            .encodeResponse(status: .created, for: req)
    }

    /// 复核评分 — the reviewer's latest answers to the judgement items (an answers sheet, as
    /// `jixiao score --answers` reads one; no answers before the first review).
    func reviewScoring(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let service = SubmissionService(req: req)
        let framework = try service.reviewFramework(context)
        var sheet = SubmissionService.answerSheet(framework, reviewer: nil, answers: SourceNode(.sequence([])))
        if let text = try await service.reviewSheet(context) { sheet = try EvaluationFile.tree(parsing: text, format: .yaml) }
        return try Self.json(sheet)
    }

    /// Stores the reviewer's answers (`{"answers": [...]}`) for the current revision (201, with the
    /// submission as it now scores), or refuses them in words (422).
    func saveReviewScoring(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        _ = try WorkflowTable.require(.score, from: context.submission.status)
        let body = try Self.jsonTree(req)
        guard let answers = body.node(at: "answers"), case .sequence = answers.content else {
            throw Abort(.unprocessableEntity, reason: "缺少 answers：应为评分判断项的作答列表（与 GET 本地址所得相同）")
        }
        let service = SubmissionService(req: req)
        _ = try await service.saveReviewScoring(context, answers: answers)
        return try await service.detail(context).encodeResponse(status: .created, for: req)
    }

    /// The request's JSON body as a tree, or its problems (located, in words). A body holds no
    /// more than a revision may (`SizeBudget.revision`), counted as it is read.
    static func jsonTree(_ req: Request) throws -> SourceNode {
        guard let raw = req.body.string else { throw Abort(.badRequest, reason: "请求体为空") }
        do { return try EvaluationFile.tree(parsing: raw, format: .json, within: .revision) } catch {
            throw InputRejected(problems: error.errors.map { InputProblem(location: $0.location?.description, path: nil, message: $0.message) })
        }
    }

    /// A tree answered as JSON.
    static func json(_ tree: SourceNode) throws -> Response {
        let response = Response(status: .ok, body: .init(string: try EvaluationFile.text(of: tree, as: .json)))
        response.headers.contentType = .json
        return response
    }

    /// Keys of `node` outside the part's paths. A key is one field's name: `unit.name` written
    /// as a key would be owned as a path, yet name no field of the tree, and empty the part.
    static func unowned(_ node: SourceNode, under base: String, by part: FormPart) -> [String] {
        guard case .mapping(let entries) = node.content else { return [base] }
        return entries.flatMap { entry -> [String] in
            let path = base.isEmpty ? entry.key : "\(base).\(entry.key)"
            guard FieldPath(entry.key).steps == [.key(entry.key)] else {
                return ["「\(path)」（不是字段名：字段名只含字母、数字和 _，下一层的字段写成嵌套的对象）"]
            }
            if part.owns(path) { return [] }
            if part.owns.contains(where: { $0.hasPrefix(path + ".") }) { return unowned(entry.value, under: path, by: part) }
            return [path]
        }
    }

    struct Summary: Content {
        var id: UUID
        var unitID: UUID
        var unitName: String
        var year: Int
        var status: String
        var revision: Int
        var score: String?
        var grade: String?
        var errors: Int
        var warnings: Int
        var late: Bool
    }

    func list(req: Request) async throws -> [Summary] {
        try await req.access.visibleSubmissions().map { c in
            Summary(id: c.submission.id!, unitID: c.unit.id!, unitName: c.unit.name, year: c.cycle.year, status: c.submission.status.rawValue,
                    revision: c.submission.revisionNumber, score: c.submission.score, grade: c.submission.grade,
                    errors: c.submission.errorCount, warnings: c.submission.warningCount, late: c.submission.late)
        }
    }

    func show(req: Request) async throws -> SubmissionDetail {
        let context = try await req.access.submission(for: .viewSubmission)
        return try await SubmissionService(req: req).detail(context)
    }

    struct EvaluationText: Content {
        var revision: Int
        var format: String
        var text: String
    }

    func evaluation(req: Request) async throws -> EvaluationText {
        let context = try await req.access.submission(for: .viewSubmission)
        return EvaluationText(revision: context.submission.revisionNumber, format: "yaml",
                              text: try await SubmissionService(req: req).currentText(context))
    }

    /// The body: `{"format": "yaml"|"json", "text": "…", "baseRevision": n}`; `baseRevision` is the
    /// revision the text was made from (0 before the first save), so that a stale save is refused (409).
    /// Read as a tree, as every JSON body here is (located problems, and fast on `\u` escapes).
    struct EvaluationBody {
        var format: FileFormat
        var text: String
        var baseRevision: Int

        init(_ req: Request) throws {
            let body = try SubmissionAPI.jsonTree(req)
            guard case .scalar(let text, .text)? = body.node(at: "text")?.content else {
                throw Abort(.unprocessableEntity, reason: "缺少 text：请给出自评文件的全文（字符串）")
            }
            guard let base = body.node(at: "baseRevision")?.scalarText.flatMap(Int.init) else {
                throw Abort(.unprocessableEntity, reason: "缺少 baseRevision：请给出修改所依据的版本号（GET …/evaluation 的 revision）")
            }
            self.format = try SubmissionAPI.format(body.node(at: "format")?.scalarText)
            self.text = text
            self.baseRevision = base
        }
    }

    struct Saved: Content {
        var revision: Int
        var sha256: String
        var errors: Int
        var warnings: Int
        var findings: [Display.FindingRow]
    }

    func save(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        let body = try EvaluationBody(req)
        let (revision, analysis) = try await SubmissionService(req: req).save(context, .text(body.text, body.format),
                                                                               source: "接口", base: body.baseRevision)
        return try await Saved(revision: revision.number, sha256: revision.sha256, errors: analysis.summary.error,
                               warnings: analysis.summary.warning, findings: Display.findings(analysis.findings))
            .encodeResponse(status: .created, for: req)
    }

    static func format(_ name: String?) throws -> FileFormat {
        guard let format = FileFormat(rawValue: name ?? "yaml") else { throw Abort(.unprocessableEntity, reason: "format 应为 yaml 或 json") }
        return format
    }

    func check(req: Request) async throws -> EditPages.CheckResult {
        try await EditPages().check(req: req)
    }

    func submit(req: Request) async throws -> SubmissionDetail {
        let context = try await req.access.submission(for: .editSubmission)
        try await Workflow(req).submit(context, by: context.principal, current: try await SubmissionService(req: req).currentAnalysis(context))
        return try await SubmissionService(req: req).detail(try await req.access.submission(for: .viewSubmission))
    }

    func revisions(req: Request) async throws -> [RevisionRow] {
        let context = try await req.access.submission(for: .viewSubmission)
        return try await SubmissionService(req: req).revisions(context)
    }

    func revision(req: Request) async throws -> EvaluationText {
        let context = try await req.access.submission(for: .viewSubmission)
        guard let number = req.parameters.get("number", as: Int.self),
            let revision = try await SubmissionService(req: req).revision(context, number: number)
        else { throw Abort(.notFound, reason: "没有这一版") }
        return EvaluationText(revision: revision.number, format: "yaml", text: revision.text)
    }

    struct Diff: Content {
        var from: Int
        var to: Int
        var lines: [LineDiff.Line]
        /// Set when the changes were too many to list line by line.
        var summary: String?
    }

    func diff(req: Request) async throws -> Diff {
        let context = try await req.access.submission(for: .viewSubmission)
        let latest = context.submission.revisionNumber
        guard let from: Int = req.query["from"], let to: Int = req.query["to"], (0...latest).contains(from), (0...latest).contains(to) else {
            throw Abort(.badRequest, reason: "请给出 from 和 to（0 至 \(latest) 的版本号）")
        }
        let comparison = try await SubmissionService(req: req).diff(context, from: from, to: to)
        return Diff(from: from, to: to, lines: comparison.lines, summary: comparison.summary)
    }

    func comment(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        let form = try req.content.decode(SubmissionPages.CommentForm.self)
        let path = try await SubmissionService(req: req).commentPath(context, form.path)
        try await Workflow(req).comment(context, by: context.principal, path: path, body: form.body)
        return Response(status: .created)
    }

    func returnToUnit(req: Request) async throws -> SubmissionDetail {
        let context = try await req.access.submission(for: .review)
        let form = try? req.content.decode(SubmissionPages.ReturnForm.self)
        try await Workflow(req).returnToUnit(context, by: context.principal, comment: form?.comment)
        return try await SubmissionService(req: req).detail(try await req.access.submission(for: .viewSubmission))
    }

    func accept(req: Request) async throws -> SubmissionDetail {
        let context = try await req.access.submission(for: .review)
        try await Workflow(req).accept(context, by: context.principal)
        return try await SubmissionService(req: req).detail(try await req.access.submission(for: .viewSubmission))
    }

    func publish(req: Request) async throws -> PublicationAPI.Package {
        let context = try await req.access.submission(for: .publish)
        let publication = try await Workflow(req).publish(context, by: context.principal)
        return try await PublicationAPI.Package.of(publication, on: req.db)
    }
}
