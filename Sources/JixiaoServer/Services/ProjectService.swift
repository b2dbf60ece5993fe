import Fluent
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import Vapor

/// 项目表 — one project form of a submission as it stands: its latest revision, read, scored under
/// its project framework and checked.
struct ProjectState: Sendable {
    /// The project's number in the submission (`ProjectRevision.project`).
    var project: Int
    var revision: ProjectRevision
    var loaded: LoadedProject
    var sheet: ProjectScoreSheet
    /// The project checks' findings, each placed in the file.
    var findings: [Finding]

    /// The form's tree as stored (what the form edits).
    var tree: SourceNode { get throws { try EvaluationFile.tree(parsing: revision.text, format: .yaml, within: .revision) } }
    var title: String { loaded.project.name.flatMap { $0.isEmpty ? nil : $0 } ?? "项目 \(project)" }

    /// A project file's text read (untyped and never inlined, as `SubmissionService.analyse`).
    @inline(never)
    static func loaded(_ text: String) throws -> LoadedProject { try ProjectFile.parse(text, format: .yaml) }

    /// Reads, scores and checks a stored project form.
    @inline(never)
    static func read(_ revision: ProjectRevision) throws -> ProjectState {
        do {
            let loaded = try loaded(revision.text)
            let framework = try loaded.framework()
            return ProjectState(project: revision.project, revision: revision, loaded: loaded,
                                sheet: ProjectScoring.score(loaded.project, under: framework), findings: loaded.check(under: framework))
        } catch {
            throw Abort(.conflict, reason: "项目 \(revision.project) 的第 \(revision.number) 版无法读取：\(error)")
        }
    }

    /// The path of a field of this project among the submission's comments: `projects[2].indicators[0].actual`.
    func commentPath(_ path: String) -> String { ProjectState.commentPrefix(project) + path }
    static func commentPrefix(_ project: Int) -> String { "projects[\(project)]." }

    /// 执行率 as the form shows it, or 「—」.
    var executionText: String { sheet.executionRate.map(ProjectScoring.percent) ?? "—" }
    var totalText: String { ProjectScoring.number(sheet.total) }
}

/// 总分 and 执行率 (in percent) as jixiao computes them, as exact decimal text: what the dashboard counts.
struct ProjectFigures: Sendable {
    var score: String?
    var executionRate: String?

    @inline(never)
    init(of project: ProjectEvaluation) throws {
        let framework: ProjectFramework
        do { framework = try ProjectFrameworkFile.resolve(project.framework ?? ProjectFramework.defaultID) } catch {
            throw InputRejected(error)
        }
        let sheet = ProjectScoring.score(project, under: framework)
        score = "\(sheet.total)"
        executionRate = sheet.executionRate.map { "\($0 * 100)" }
    }
}

/// A submission's project forms: reading their latest revisions, adding projects and saving them.
struct ProjectService {
    let req: Request

    /// At most this many projects in one submission: a county unit has a few dozen at most.
    static let maximumProjects = 200

    /// The latest revision of each project of `submissionID`, in the order they were added.
    static func latest(_ submissionID: UUID, on db: any Database) async throws -> [ProjectRevision] {
        let all = try await ProjectRevision.query(on: db).filter(\.$submission.$id == submissionID)
            .sort(\.$project).sort(\.$number).all()
        var latest: [Int: ProjectRevision] = [:]
        for revision in all { latest[revision.project] = revision }
        return latest.keys.sorted().map { latest[$0]! }
    }

    func states(_ context: SubmissionContext) async throws -> [ProjectState] {
        try await Self.latest(context.submission.requireID(), on: req.db).map(ProjectState.read)
    }

    func state(_ context: SubmissionContext, project: Int) async throws -> ProjectState {
        guard let revision = try await ProjectRevision.query(on: req.db).filter(\.$submission.$id == context.submission.requireID())
            .filter(\.$project == project).sort(\.$number, .descending).first()
        else { throw Abort(.notFound, reason: "没有项目 \(project)") }
        return try ProjectState.read(revision)
    }

    /// The project forms as text within a revision's size bounds; refused (422) before anything is stored otherwise.
    static func text(of project: ProjectEvaluation) throws -> String {
        do { return try EvaluationFile.text(of: try ProjectFile.tree(of: project), as: .yaml, within: .revision) } catch let errors as SourceErrors {
            throw InputRejected(errors)
        }
    }

    /// Adds `projects` as new projects of the submission (each its revision 1), in one transaction.
    func add(_ context: SubmissionContext, _ projects: [ProjectEvaluation], source: String) async throws -> [Int] {
        let saves = try projects.map { (project: Int?.none, base: 0, text: try Self.text(of: $0), figures: try ProjectFigures(of: $0)) }
        return try await Workflow(req).saveProjects(context, by: context.principal, saves, source: source)
    }

    /// Saves `text` as project `project`'s next revision, made from revision `base`.
    func save(_ context: SubmissionContext, project: Int, base: Int, text: String, source: String) async throws {
        let figures = try ProjectFigures(of: try ProjectState.loaded(text).project)
        _ = try await Workflow(req).saveProjects(context, by: context.principal, [(project: project, base: base, text: text, figures: figures)],
                                                 source: source)
    }

    /// The same unit's projects as accepted the year before, carried into this year (`nextYearDraft`).
    func lastYearProjects(_ context: SubmissionContext) async throws -> [ProjectEvaluation] {
        guard let cycle = try await Cycle.query(on: req.db).filter(\.$bureau.$id == context.cycle.$bureau.id)
            .filter(\.$year == context.cycle.year - 1).first(),
            let last = try await Submission.query(on: req.db).filter(\.$cycle.$id == cycle.id!).filter(\.$unit.$id == context.unit.id!).first(),
            last.acceptedRevision != nil
        else { return [] }
        return try await Self.latest(last.requireID(), on: req.db).map { try ProjectState.read($0).loaded.project.nextYearDraft(year: context.cycle.year) }
    }

    /// The projects the evaluation's final accounts name (项目支出) that no project form has yet.
    func budgetProjectsNotAdded(_ context: SubmissionContext, have: [ProjectState]) async throws -> [ProjectLine] {
        let analysis = try await SubmissionService(req: req).currentAnalysis(context)
        let named = Set(have.compactMap { $0.loaded.project.name.map(ProjectChecks.plainName) })
        return (analysis.evaluation.finalAccounts?.expenditure?.byNature?.projects ?? []).filter { !named.contains(ProjectChecks.plainName($0.name)) }
    }
}
