import Fluent
import Foundation
import JixiaoFormats
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

    /// The body: `{"format": "yaml"|"json", "text": "…"}`.
    struct EvaluationBody: Content {
        var format: String?
        var text: String
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
        let body = try req.content.decode(EvaluationBody.self)
        let (revision, analysis) = try await SubmissionService(req: req).save(context, .text(body.text, Self.format(body.format)), source: "接口")
        return try await Saved(revision: revision.number, sha256: revision.sha256, errors: analysis.summary.error,
                               warnings: analysis.summary.warning, findings: Display.findings(analysis.findings))
            .encodeResponse(status: .created, for: req)
    }

    static func format(_ name: String?) throws -> FileFormat {
        guard let format = FileFormat(rawValue: name ?? "yaml") else { throw Abort(.unprocessableEntity, reason: "format 应为 yaml 或 json") }
        return format
    }

    func check(req: Request) async throws -> SubmissionPages.CheckResult {
        try await SubmissionPages().check(req: req)
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
        try await Workflow(req).comment(context, by: context.principal, path: form.path ?? "", body: form.body)
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
