import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender
import Vapor

/// Reading a submission's revisions and saving new ones: what both the pages and the API do.
package struct SubmissionService {
    let req: Request

    package init(req: Request) { self.req = req }

    /// The current revision, if any was saved.
    func current(_ context: SubmissionContext) async throws -> Revision? {
        try await revision(context, number: context.submission.revisionNumber)
    }

    func revision(_ context: SubmissionContext, number: Int) async throws -> Revision? {
        guard number > 0 else { return nil }
        return try await Revision.query(on: req.db).filter(\.$submission.$id == context.submission.id!).filter(\.$number == number).first()
    }

    /// The current text: the latest revision, or the blank evaluation file before the first save.
    func currentText(_ context: SubmissionContext) async throws -> String {
        try await current(context)?.text ?? blankText(context)
    }

    /// The blank evaluation file of the submission's unit and year.
    private func blankText(_ context: SubmissionContext) -> String {
        EvaluationTemplate.yaml(unit: context.unit.name, year: context.cycle.year, template: context.cycle.template)
    }

    var frameworks: FrameworkRegistry { req.application.frameworks }

    /// Reads, checks and scores text under the year's framework and template, its years against
    /// the cycle's; throws `InputRejected`.
    ///
    /// Untyped and never inlined: a typed-throws call inlined into the async handlers crashed the
    /// Swift 6.3.1 compiler in release builds (signal 11 splitting the handler's coroutine, in
    /// `emitSetAndGetSwiftErrorValueAround`), so the typed error stops here.
    @inline(never)
    static func analyse(_ input: EvaluationInput, framework: CompiledFramework?, year: Int, template: ReportTemplate) throws -> Analysis {
        try Analysis.of(input, framework: framework, year: year, template: template)
    }

    /// `input` read, checked and scored as the submission's year; a workbook or a large text on
    /// the slow-work pool (`SlowWork`, which may refuse it as busy).
    func analyse(_ context: SubmissionContext, _ input: EvaluationInput) async throws -> Analysis {
        let framework = frameworks.framework(context.cycle.frameworkID), year = context.cycle.year, template = context.cycle.template
        return try await req.application.slowWork.run(if: input.isSlowWork) {
            try Self.analyse(input, framework: framework, year: year, template: template)
        }
    }

    /// Where the analysis of a revision of this submission's text is cached.
    private func cacheKey(_ context: SubmissionContext, _ revision: Revision) -> AnalysisCache.Key {
        AnalysisCache.Key(sha256: revision.sha256, frameworkID: context.cycle.frameworkID, year: context.cycle.year, cycleID: context.cycle.id)
    }

    /// The analysis of the current text: the one its save made, when still cached.
    func currentAnalysis(_ context: SubmissionContext) async throws -> Analysis {
        guard let revision = try await current(context) else {
            return try await analyse(context, .text(blankText(context), .yaml))
        }
        let key = cacheKey(context, revision)
        if let cached = req.application.analysisCache.analysis(key) { return cached }
        let analysis = try await analyse(context, .text(revision.text, .yaml))
        req.application.analysisCache.store(analysis, for: key)
        return analysis
    }

    /// Saves `input`, made from revision `base`, as a new revision; throws `InputRejected` (nothing
    /// stored) when it cannot be read, `StaleRevision` when another revision was saved since `base`.
    package func save(_ context: SubmissionContext, _ input: EvaluationInput, source: String, base: Int) async throws -> (Revision, Analysis) {
        _ = try WorkflowTable.require(.save, from: context.submission.status)
        let analysis = try await analyse(context, input)
        try Self.requireOwnUnit(analysis, context.unit.name)
        let revision = try await Workflow(req).save(context, by: context.principal, analysis: analysis, source: source, base: base)
        req.application.analysisCache.store(analysis, for: cacheKey(context, revision))
        return (revision, analysis)
    }

    /// The same unit's accepted revision of the year before (its number and the revision), if any.
    func lastYearAccepted(_ context: SubmissionContext) async throws -> (Int, Revision)? {
        guard let cycle = try await Cycle.query(on: req.db).filter(\.$bureau.$id == context.cycle.$bureau.id)
            .filter(\.$year == context.cycle.year - 1).first(),
            let last = try await Submission.query(on: req.db).filter(\.$cycle.$id == cycle.id!).filter(\.$unit.$id == context.unit.id!).first(),
            let number = last.acceptedRevision,
            let revision = try await Revision.query(on: req.db).filter(\.$submission.$id == last.id!).filter(\.$number == number).first()
        else { return nil }
        return (number, revision)
    }

    /// The reviewer's latest answers sheet, as its text, if one was saved.
    func reviewSheet(_ context: SubmissionContext) async throws -> String? {
        try await ReviewScoring.query(on: req.db).filter(\.$submission.$id == context.submission.id!)
            .sort(\.$createdAt, .descending).first()?.text
    }

    /// The framework the reviewer scores the judgement items under: the cycle's.
    func reviewFramework(_ context: SubmissionContext) throws -> CompiledFramework {
        guard let framework = frameworks.framework(context.cycle.frameworkID) else { throw Abort(.conflict, reason: "本年度没有评分框架") }
        return framework
    }

    /// 复核评分 — stores the reviewer's answers to the judgement items (`answers`, a list as an
    /// answers sheet has it) for the current revision, once they read as `jixiao score --answers`
    /// reads a sheet and fit the year's framework: one answer an indicator of it, each checklist
    /// reply to an item of its checklist, once. More answers than the framework has indicators are
    /// refused before anything is made of them.
    func saveReviewScoring(_ context: SubmissionContext, answers: SourceNode) async throws -> AnswerSheet {
        let framework = try reviewFramework(context)
        let count = answers.items?.count ?? 0
        guard count <= framework.indicatorCount else {
            throw Abort(.unprocessableEntity, reason: "复核评分有误，未保存：作答 \(count) 项，多于本年度评分框架（\(framework.framework.name)）的 \(framework.indicatorCount) 个指标；每个指标只能作答一次")
        }
        let sheet = Self.answerSheet(framework, reviewer: context.principal.displayName, answers: answers)
        let text: String, read: AnswerSheet
        do {
            text = try EvaluationFile.text(of: sheet, as: .yaml, within: .revision)
            read = try AnswersFile.parse(text, format: .yaml)
        } catch let errors as SourceErrors {
            throw Abort(.unprocessableEntity, reason: "复核评分有误，未保存：" + errors.errors.map { ReportForms.plain($0.message) }.joined(separator: "；"))
        }
        let problems = framework.problems(with: read.answers)
        guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "复核评分有误，未保存：" + problems.joined(separator: "；")) }
        try await Workflow(req).reviewScore(context, by: context.principal, sheet: text, answered: read.answers.count)
        return read
    }

    /// An answers sheet (`jixiao/answers@1`) for the framework, as a tree.
    static func answerSheet(_ framework: CompiledFramework, reviewer: String?, answers: SourceNode) -> SourceNode {
        SourceNode(.mapping([
            .init(key: "format", value: SourceNode(.scalar(AnswerSheet.currentFormat, .text))),
            .init(key: "framework", value: SourceNode(.scalar(framework.framework.id, .text))),
        ] + (reviewer.map { [.init(key: "reviewer", value: SourceNode(.scalar($0, .text)))] } ?? []) + [
            .init(key: "answers", value: answers),
        ]))
    }

    /// Refuses an evaluation that names another unit than the submission's, on the cover or in the
    /// unit section: the package would be titled with the other unit's name.
    static func requireOwnUnit(_ analysis: Analysis, _ unitName: String) throws(InputRejected) {
        let named: [(FieldPath, String?)] = [
            (.root / "cover" / "unit_name", analysis.evaluation.cover?.unitName),
            (.root / "unit" / "name", analysis.evaluation.unit?.name),
        ]
        let problems = named.compactMap { path, name -> InputProblem? in
            guard let name, name.trimmingCharacters(in: .whitespacesAndNewlines) != unitName else { return nil }
            return InputProblem(location: analysis.loaded.sourceMap.location(of: path)?.description, path: path.text,
                                message: "单位名称「\(Workflow.loggable(name, 60))」不是本单位的名称「\(unitName)」：只能填报本单位的自评")
        }
        if !problems.isEmpty { throw InputRejected(problems: problems) }
    }

    /// Every revision, newest first, without their texts.
    func revisions(_ context: SubmissionContext) async throws -> [RevisionRow] {
        let rows = try await Revision.query(on: req.db).filter(\.$submission.$id == context.submission.id!)
            .join(User.self, on: \Revision.$author.$id == \User.$id)
            .field(\.$id).field(\.$number).field(\.$createdAt).field(\.$sha256).field(\.$source).field(\.$errorCount).field(\.$warningCount)
            .field(User.self, \.$displayName)
            .sort(\.$number, .descending).all()
        return try rows.map { r in
            RevisionRow(number: r.number, author: try r.joined(User.self).displayName, createdAt: r.createdAt,
                        createdAtText: Display.date(r.createdAt), source: r.source, errors: r.errorCount, warnings: r.warningCount,
                        sha256: r.sha256)
        }
    }

    /// Every comment, oldest first. Open are those of the latest round of review: made on the
    /// last revision the reviewer commented on (the one returned to the unit).
    func comments(_ context: SubmissionContext) async throws -> [CommentRow] {
        let rows = try await ReviewComment.query(on: req.db).filter(\.$submission.$id == context.submission.id!)
            .join(User.self, on: \ReviewComment.$author.$id == \User.$id).sort(\.$createdAt).all()
        let round = rows.map(\.revisionNumber).max()
        return try rows.map { c in
            CommentRow(revision: c.revisionNumber, path: c.path,
                       fieldLabel: Self.fieldLabel(c.path),
                       author: try c.joined(User.self).displayName, body: c.body, createdAt: c.createdAt,
                       createdAtText: Display.date(c.createdAt), open: c.revisionNumber == round)
        }
    }

    /// The field a comment names, checked: empty (the whole report), or a field, row or list that
    /// a part of the report shows. Anything else is refused, never kept as a comment on the whole.
    func commentPath(_ context: SubmissionContext, _ path: String?) async throws -> String {
        let path = (path ?? "").trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { return "" }
        if let (project, field) = Self.projectField(path) {
            let state = try await ProjectService(req: req).state(context, project: project)
            guard ProjectPages.renderer(state, tree: try state.tree, edited: false, comments: [:]).anchors.contains(field) else {
                throw Abort(.unprocessableEntity, reason: "批注的栏目不在「\(state.title)」的项目表上：请在项目表的审阅页面点栏目旁的“批注”")
            }
            return path
        }
        var links = ReportForms.Links(try await forms(context), base: "")
        guard links.isField(path) else {
            throw Abort(.unprocessableEntity, reason: "批注的栏目「\(Workflow.loggable(path, 60))」不在报告的表单上：请在各部分的审阅页面点栏目旁的“批注”；对整体的意见不选栏目")
        }
        return path
    }

    /// A comment's path on a project form (`projects[2].indicators[0].actual`) as the project's number
    /// and the field's path in its file; nil for a path of the report.
    static func projectField(_ path: String) -> (project: Int, field: String)? {
        guard path.hasPrefix("projects["), let close = path.firstIndex(of: "]"),
              let project = Int(path[path.index(path.startIndex, offsetBy: 9)..<close]),
              path[path.index(after: close)...].first == "."
        else { return nil }
        return (project, String(path[path.index(close, offsetBy: 2)...]))
    }

    /// Where a comment's field is, in words: the report's place, or the project's and its field's.
    static func fieldLabel(_ path: String) -> String {
        if path.isEmpty { return "整体" }
        if let (project, field) = projectField(path) { return "项目 \(project) › \(ProjectForm.place(of: field) ?? "项目表")" }
        return ReportParts.place(of: path) ?? ReportParts.label(of: path) ?? "整体"
    }

    /// The report's forms of the current revision, with the open comments beside their fields.
    func forms(_ context: SubmissionContext) async throws -> ReportForms {
        var forms = try ReportForms(try await currentAnalysis(context), framework: frameworks.framework(context.cycle.frameworkID),
                                    parts: context.formParts)
        for comment in try await comments(context) where comment.open && !comment.path.isEmpty {
            forms.comments[comment.path, default: []].append("\(comment.body)（\(comment.author)，\(comment.createdAtText)）")
        }
        return forms
    }

    /// The line diff between two revisions (0 is the blank file).
    func diff(_ context: SubmissionContext, from: Int, to: Int) async throws -> LineDiff.Comparison {
        func text(_ number: Int) async throws -> String {
            if number == 0 { return blankText(context) }
            guard let revision = try await revision(context, number: number) else { throw Abort(.notFound, reason: "没有第 \(number) 版") }
            return revision.text
        }
        return LineDiff.compare(try await text(from), try await text(to))
    }

    /// The package of the current revision as one ZIP, and its file name: the report's PDF in it
    /// when the server has LibreOffice, else a 说明.txt that says why there is none.
    func packageZip(_ context: SubmissionContext) async throws -> (name: String, data: Data) {
        let analysis = try await currentAnalysis(context)
        let projects = try await ProjectService(req: req).states(context)
        let package = try await PackagePDF.files(req.application) { try analysis.package(projects: projects) }
        var entries = package.files.map { ZipContainer.Entry($0.name, $0.data) }
        if let missing = package.missing { entries.append(ZipContainer.Entry(PackagePDF.noteName, Data(missing.note.utf8))) }
        return ("\(context.unit.name)\(context.cycle.year)年度自评材料（第\(context.submission.revisionNumber)版）.zip",
                try ZipContainer.make(entries))
    }

    /// Everything a page or the API shows of a submission.
    func detail(_ context: SubmissionContext) async throws -> SubmissionDetail {
        let principal = req.principal
        let s = context.submission
        let analysis = try await currentAnalysis(context)
        let publication = try await Publication.query(on: req.db).filter(\.$submission.$id == s.id!).first()
        var reviewed: ScoreSheet?
        if let text = try await reviewSheet(context), let framework = frameworks.framework(context.cycle.frameworkID),
            let sheet = try? AnswersFile.parse(text, format: .yaml)
        {
            reviewed = framework.score(analysis.evaluation, answers: sheet.answers)
        }
        return SubmissionDetail(
            id: s.id!, unitName: context.unit.name, unitCode: context.unit.code, year: context.cycle.year,
            frameworkID: context.cycle.frameworkID,
            frameworkName: frameworks.framework(context.cycle.frameworkID)?.framework.name ?? context.cycle.frameworkID,
            deadline: context.cycle.deadline, deadlineText: Display.date(context.cycle.deadline),
            status: s.status.rawValue, statusLabel: s.status.label, late: s.late, submittedAt: s.submittedAt,
            submittedAtText: Display.date(s.submittedAt), revision: s.revisionNumber, acceptedRevision: s.acceptedRevision,
            score: s.score, grade: s.grade, scoreComplete: s.scoreComplete, errors: analysis.summary.error,
            warnings: analysis.summary.warning, infos: analysis.summary.info, executionRate: s.executionRate,
            findings: Display.findings(analysis.findings), scores: Display.scores(analysis.scores),
            reviewedTotal: reviewed.map { DecimalFormat.fixed($0.total, decimals: 2, grouping: false) },
            reviewedGrade: reviewed.map { ($0.grade ?? $0.provisionalGrade).rawValue + ($0.grade == nil ? "（暂定）" : "") },
            reviewedScores: Display.scores(reviewed),
            comments: try await comments(context), revisions: try await revisions(context),
            publicationID: publication?.id,
            canEdit: WorkflowTable.allows(principal, .save, on: context),
            canReview: WorkflowTable.allows(principal, .accept, on: context),
            canPublish: WorkflowTable.allows(principal, .publish, on: context))
    }
}

/// 修订记录 — one revision as lists show it.
struct RevisionRow: Content {
    var number: Int
    var author: String
    var createdAt: Date
    var createdAtText: String
    var source: String
    var errors: Int
    var warnings: Int
    var sha256: String
}

/// 审核意见 as lists show it.
struct CommentRow: Content {
    var revision: Int
    var path: String
    /// Where the field is, as the forms name it (the clerk does not read paths): 「类别 1 › 任务 3 › 完成情况」.
    var fieldLabel: String
    var author: String
    var body: String
    var createdAt: Date
    var createdAtText: String
    /// Of the latest round of review: shown beside its field until the next round.
    var open: Bool
    /// The field on the page that lists the comment (its part's form or reading view).
    var href: String?
}

/// 自评详情 — a submission with its current findings and score, its comments and revisions, and
/// what the asking user may do with it now.
struct SubmissionDetail: Content {
    var id: UUID
    var unitName: String
    var unitCode: String
    var year: Int
    var frameworkID: String
    /// 评分框架 by its name, as pages show it.
    var frameworkName: String
    var deadline: Date
    var deadlineText: String
    var status: String
    var statusLabel: String
    var late: Bool
    var submittedAt: Date?
    var submittedAtText: String
    var revision: Int
    var acceptedRevision: Int?
    var score: String?
    var grade: String?
    var scoreComplete: Bool
    var errors: Int
    var warnings: Int
    var infos: Int
    var executionRate: String?
    var findings: [Display.FindingRow]
    var scores: [Display.ScoreRow]
    /// 复核后得分 and 等级: the score with the reviewer's answers in place of the unit's, once given.
    var reviewedTotal: String?
    var reviewedGrade: String?
    var reviewedScores: [Display.ScoreRow]
    var comments: [CommentRow]
    var revisions: [RevisionRow]
    var publicationID: UUID?
    var canEdit: Bool
    var canReview: Bool
    var canPublish: Bool
}
