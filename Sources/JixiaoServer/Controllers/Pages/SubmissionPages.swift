import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
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
    }

    func show(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let service = SubmissionService(req: req)
        let detail = try await service.detail(context)
        var reviewForm: String?
        if WorkflowTable.allows(req.principal, .score, on: context), let framework = service.frameworks.framework(context.cycle.frameworkID) {
            var renderer = FormRenderer(tree: try await Self.reviewTree(service, context))
            renderer.framework = framework.framework
            renderer.render(ReportParts.reviewScoring)
            reviewForm = renderer.html
        }
        return try await req.page("submission", title: "\(detail.unitName) \(detail.year) 年度自评", ShowPage(detail: detail, reviewForm: reviewForm))
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
        let (tree, typed) = FormEngine.build(ReportParts.reviewScoring, posted: PostedForm(req)?.values ?? [:],
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

    func submit(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        let analysis = try await SubmissionService(req: req).currentAnalysis(context)
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

    func comment(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .review)
        let form = try req.content.decode(CommentForm.self)
        try await Workflow(req).comment(context, by: context.principal, path: form.path ?? "", body: form.body)
        return req.redirect("/submissions/\(context.submission.id!)", flash: "已添加审核意见")
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
        let publication = try await Workflow(req).publish(context, by: context.principal)
        return req.redirect("/published/\(publication.id!)", flash: "已公开，SHA-256：\(publication.packageSHA256)")
    }
}
