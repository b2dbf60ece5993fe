import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import Vapor

/// 自评 — a unit's evaluation of a year, for its editor (edit, upload, submit) and for the
/// bureau (findings, score, comments, return, accept, publish).
struct SubmissionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("submissions")
        s.get(use: list)
        let one = s.grouped(":submissionID")
        one.get(use: show)
        one.get("edit", use: edit)
        one.post("text", use: saveText)
        one.post("figures", use: saveFigures)
        one.post("upload", use: upload)
        one.post("check", use: check)
        one.get("preview", use: preview)
        one.get("package.zip", use: package)
        one.post("submit", use: submit)
        one.get("revisions", ":number", use: revisionText)
        one.get("diff", use: diff)
        one.post("comments", use: comment)
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

    func show(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .viewSubmission)
        let detail = try await SubmissionService(req: req).detail(context)
        return try await req.page("submission", title: "\(detail.unitName) \(detail.year) 年度自评", detail)
    }

    // MARK: Editing

    struct FormField: Encodable {
        var path: String
        /// The section's heading, on the first field of each section.
        var sectionHeading: String?
        var label: String
        var hint: String
        var value: String
        var problem: String?
        /// The current revision's findings on this amount, shown beside it.
        var findings: [String]
    }

    struct EditPage: Encodable {
        var id: UUID
        var unitName: String
        var year: Int
        var revision: Int
        var text: String
        var format: String
        var problems: [InputProblem]
        var findings: [Display.FindingRow]
        var errors: Int
        var warnings: Int
        var fields: [FormField]
        var fieldProblems: [InputProblem]
        var comments: [CommentRow]
    }

    func edit(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        return try await editPage(req, context)
    }

    /// The edit page: the current revision, or the rejected input with its problems (status 422).
    private func editPage(_ req: Request, _ context: SubmissionContext, rejectedText: String? = nil, format: FileFormat = .yaml,
                          problems: [InputProblem] = [], formValues: [String: String]? = nil, fieldProblems: [InputProblem] = []) async throws -> Response {
        guard context.submission.status.isEditable else {
            throw WorkflowRefused(reason: "自评\(context.submission.status.label)，已锁定，不能修改")
        }
        let service = SubmissionService(req: req)
        let analysis = try await service.currentAnalysis(context)
        let findingsByPath = Dictionary(grouping: analysis.findings.filter { $0.severity != .info }, by: \.path.text)
        let formFields = FiguresForm.fields(of: analysis.evaluation)
        let fields = formFields.enumerated().map { i, field in
            FormField(path: field.path, sectionHeading: i == 0 || formFields[i - 1].section != field.section ? field.section : nil,
                      label: field.label, hint: field.hint,
                      value: formValues?[field.path] ?? FiguresForm.value(of: field, in: analysis.evaluation),
                      problem: fieldProblems.first { $0.path == field.path }?.message,
                      findings: (findingsByPath[field.path] ?? []).map { "[\($0.rule)] \($0.message)" })
        }
        let page = EditPage(id: context.submission.id!, unitName: context.unit.name, year: context.cycle.year,
                            revision: context.submission.revisionNumber, text: rejectedText ?? analysis.yaml, format: format.rawValue,
                            problems: problems, findings: Display.findings(analysis.findings), errors: analysis.summary.error,
                            warnings: analysis.summary.warning, fields: fields, fieldProblems: fieldProblems,
                            comments: try await service.comments(context))
        let rejected = !problems.isEmpty || !fieldProblems.isEmpty
        return try await req.page("edit", title: "编辑 \(context.unit.name) \(context.cycle.year) 年度自评", page,
                                  status: rejected ? .unprocessableEntity : .ok)
    }

    struct TextForm: Content {
        var text: String
        var format: String?
    }

    func saveText(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        let form = try req.content.decode(TextForm.self)
        let format = FileFormat(rawValue: form.format ?? "yaml") ?? .yaml
        // Browsers send CR LF from a text area; the stored file uses LF.
        let text = form.text.replacingOccurrences(of: "\r\n", with: "\n")
        do {
            let (revision, analysis) = try await SubmissionService(req: req).save(context, .text(text, format), source: "文本编辑")
            return Self.saved(req, context, revision, analysis)
        } catch let rejected as InputRejected {
            return try await editPage(req, context, rejectedText: text, format: format, problems: rejected.problems)
        }
    }

    func saveFigures(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        var values: [String: String] = [:]
        let service = SubmissionService(req: req)
        let current = try await service.currentText(context)
        guard let loaded = try? EvaluationFile.parse(current, format: .yaml) else { throw Abort(.conflict, reason: "当前版本无法读取") }
        let posted = URLEncodedFields(req)
        var undecodable: [InputProblem] = []
        for field in FiguresForm.fields(of: loaded.evaluation) {
            if let value = posted?.values[field.path] { values[field.path] = value }
            if posted?.undecodable.contains(field.path) == true {
                undecodable.append(InputProblem(location: nil, path: field.path, message: "填写的内容传送有误（编码不完整），未能读取；请重新填写后保存"))
            }
        }
        if !undecodable.isEmpty { return try await editPage(req, context, formValues: values, fieldProblems: undecodable) }
        do {
            let yaml = try FiguresForm.apply(values, to: current)
            let (revision, analysis) = try await service.save(context, .text(yaml, .yaml), source: "数字表单")
            return Self.saved(req, context, revision, analysis)
        } catch let rejected as InputRejected {
            return try await editPage(req, context, formValues: values, fieldProblems: rejected.problems)
        }
    }

    func upload(req: Request) async throws -> Response {
        let context = try await req.access.submission(for: .editSubmission)
        guard let file = MultipartFields(req)?.file("file"), !file.data.isEmpty else {
            return try await editPage(req, context, problems: [InputProblem(message: "请选择要上传的文件（.yaml、.json 或 .xlsx）")])
        }
        let name = (file.filename ?? "").isEmpty ? "上传文件" : file.filename!
        let data = file.data
        let input: EvaluationInput
        switch (name as NSString).pathExtension.lowercased() {
        case "xlsx": input = .workbook(data, name: name)
        case "yaml", "yml", "json":
            guard let text = String(data: data, encoding: .utf8) else {
                return try await editPage(req, context, problems: [InputProblem(location: name, path: nil, message: "文件不是 UTF-8 编码的文本")])
            }
            input = .text(text, FileFormat(path: name) ?? .yaml)
        default:
            return try await editPage(req, context, problems: [InputProblem(location: name, path: nil, message: "只能上传 .yaml、.yml、.json 或 .xlsx 文件")])
        }
        do {
            let (revision, analysis) = try await SubmissionService(req: req).save(context, input, source: "上传 \(name)")
            return Self.saved(req, context, revision, analysis)
        } catch let rejected as InputRejected {
            return try await editPage(req, context, problems: rejected.problems.map {
                var p = $0
                p.location = [name, p.location].compactMap { $0 }.joined(separator: ":")
                return p
            })
        }
    }

    private static func saved(_ req: Request, _ context: SubmissionContext, _ revision: Revision, _ analysis: Analysis) -> Response {
        req.redirect("/submissions/\(context.submission.id!)/edit",
                     flash: "已保存第 \(revision.number) 版：错误 \(analysis.summary.error) 项，警告 \(analysis.summary.warning) 项")
    }

    struct CheckResult: Content {
        var ok: Bool
        var problems: [InputProblem]
        var findings: [Display.FindingRow]
        var errors: Int
        var warnings: Int
    }

    /// 即时核对 — checks text without saving (the edit page calls it as the clerk types).
    func check(req: Request) async throws -> CheckResult {
        let context = try await req.access.submission(for: .editSubmission)
        let service = SubmissionService(req: req)
        do {
            let input: EvaluationInput
            if let fields = URLEncodedFields(req)?.values, fields["text"] == nil {
                // The figures form: its figures applied to the current text, as saving would.
                input = .text(try FiguresForm.apply(fields, to: try await service.currentText(context)), .yaml)
            } else {
                let form = try req.content.decode(TextForm.self)
                input = .text(form.text.replacingOccurrences(of: "\r\n", with: "\n"), FileFormat(rawValue: form.format ?? "yaml") ?? .yaml)
            }
            let analysis = try service.analyse(context, input)
            try SubmissionService.requireOwnUnit(analysis, context.unit.name)
            return CheckResult(ok: true, problems: [], findings: Display.findings(analysis.findings),
                               errors: analysis.summary.error, warnings: analysis.summary.warning)
        } catch let rejected as InputRejected {
            return CheckResult(ok: false, problems: rejected.problems, findings: [], errors: 0, warnings: 0)
        }
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
