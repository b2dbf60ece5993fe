import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender

/// What a unit sends as its evaluation.
package enum EvaluationInput: Sendable {
    case text(String, FileFormat)
    case workbook(Data, name: String)

    /// Whether reading it is slow work (`SlowWork`): a workbook, or text of `SlowWork.largeText` or more.
    var isSlowWork: Bool {
        switch self {
        case .workbook: true
        case .text(let text, _): text.utf8.count >= SlowWork.largeText
        }
    }
}

/// 核对结果 — an evaluation read, checked and scored: what a saved revision shows and the
/// dashboard lists.
package struct Analysis: Sendable {
    /// The text stored as the revision: YAML as typed (its comments kept), or YAML written from
    /// a JSON or XLSX input.
    var yaml: String
    var loaded: LoadedEvaluation
    var findings: [Finding]
    var summary: FindingSummary
    var scores: ScoreSheet?
    /// 预算执行率 (%) = 决算支出 / 支出预算 × 100, exact, when both are stated.
    var executionRate: Decimal?
    /// The report template of the year: `section.missing` judges by it, the package follows its outline.
    var template: ReportTemplate

    var evaluation: Evaluation { loaded.evaluation }

    /// Reads, checks and scores an input; throws `InputRejected` with every located problem.
    /// `year` is the year the evaluation is for (the cycle's), which its own years must be; nil
    /// judges the file's years only against each other; `template` is the year's report template. A text longer than a revision may be
    /// (`SizeBudget.revision`) is refused before it is parsed; what a workbook or JSON makes is
    /// measured before its YAML is written.
    static func of(_ input: EvaluationInput, framework: CompiledFramework?, year: Int? = nil, template: ReportTemplate = .standard) throws(InputRejected) -> Analysis {
        if case .text(let text, _) = input { try requireRevisionSize(text) }
        let yaml: String
        switch input {
        case .text(let text, .yaml):
            yaml = text
        case .text(let text, .json):
            do {
                let loaded = try EvaluationFile.parse(text, format: .json)
                yaml = try Self.yaml(of: loaded.evaluation)
            } catch let errors as SourceErrors {
                throw InputRejected(errors)
            } catch {
                throw InputRejected(problems: [InputProblem(message: "无法转换为 YAML")], underlying: ["\(error)"])
            }
        case .workbook(let data, let name):
            do {
                yaml = try Self.yaml(of: try WorkbookImport.read(data, file: name))
            } catch let errors as WorkbookImportErrors {
                throw InputRejected(problems: errors.problems.map {
                    InputProblem(location: $0.location?.description, path: $0.path?.text, message: $0.message)
                })
            } catch let errors as SourceErrors {
                throw InputRejected(errors)
            } catch {
                throw InputRejected(problems: [InputProblem(message: "无法转换为 YAML")], underlying: ["\(error)"])
            }
        }
        // What JSON or a workbook made was measured before it was written, but only from below.
        try requireRevisionSize(yaml)
        return try analyse(yaml: yaml, framework: framework, year: year, template: template)
    }

    /// Refuses a revision's text longer than `SizeBudget.revision` allows.
    private static func requireRevisionSize(_ text: String) throws(InputRejected) {
        var budget = SizeBudget.revision
        guard budget.take(bytes: text.utf8.count) else {
            throw InputRejected(problems: [InputProblem(message: "\(budget.refusal)：全文 \(text.utf8.count >> 10) KB")])
        }
    }

    /// Reads, checks and scores stored YAML (`year` and `template` as for `of`).
    static func analyse(yaml: String, framework: CompiledFramework?, year: Int? = nil, template: ReportTemplate = .standard) throws(InputRejected) -> Analysis {
        let loaded: LoadedEvaluation
        do {
            loaded = try EvaluationFile.parse(yaml, format: .yaml)
        } catch {
            throw InputRejected(error)
        }
        var options = CheckOptions()
        options.framework = framework
        options.expectedYear = year
        options.template = template
        // Scored once: the checks compare the stated score with this sheet.
        options.scoreSheet = framework?.score(loaded.evaluation)
        let findings = loaded.check(options: options)
        return Analysis(
            yaml: yaml, loaded: loaded, findings: findings, summary: FindingSummary(findings),
            scores: options.scoreSheet, executionRate: Self.executionRate(loaded.evaluation, basis: options.budgetBasis), template: template)
    }

    private static func yaml(of evaluation: Evaluation) throws -> String {
        try EvaluationFile.render(evaluation, as: .yaml, within: .revision)
    }

    /// 决算支出 ÷ 预算数 on the cycle framework's basis (the full-year budget when known, by default).
    static func executionRate(_ evaluation: Evaluation, basis: BudgetBasis?) -> Decimal? {
        guard let spent = evaluation.finalAccounts?.expenditure?.total?.yuan,
            let budgeted = evaluation.budget?.budget(on: basis)?.yuan, budgeted > 0
        else { return nil }
        return DecimalFormat.rounded(spent / budgeted * 100, decimals: 2)
    }

    /// Findings that make figures disagree: a package with any is not rendered as final.
    var arithmeticErrors: [Finding] { CheckCatalogue.arithmeticErrors(findings) }

    /// Findings that make the years disagree (with each other or the cycle's): not submitted as the year's.
    var yearErrors: [Finding] { CheckCatalogue.yearErrors(findings) }

    /// The package of this evaluation and the unit's project forms: final when nothing is missing,
    /// else a draft with the gaps marked.
    func package(projects: [ProjectState]) throws -> RenderedPackage {
        let composed = composer.compose(draft: false)
        let document = WorkflowTable.packageIsFinal(missing: composed.missing, arithmeticErrors: arithmeticErrors)
            ? composed.document
            : composer.compose(draft: true).document
        return try RenderedPackage.make(evaluation: evaluation, report: document, scores: scores,
                                        projects: projects.map { ($0.loaded.project, $0.sheet) })
    }

    /// The report as one HTML page, for the preview.
    func reportHTML() -> String {
        HTMLRenderer.render(composer.compose(draft: true).document)
    }

    /// The report's composer, in the year's template.
    var composer: ReportComposer {
        var composer = ReportComposer(evaluation: evaluation, scores: scores)
        composer.template = template
        return composer
    }
}

extension InputRejected {
    init(_ errors: SourceErrors) {
        self.init(problems: errors.errors.map(InputProblem.init), underlying: errors.errors.compactMap(\.underlying))
    }
}

extension InputProblem {
    init(_ error: SourceError) {
        self.init(location: error.location?.description, path: error.path?.text, message: error.message)
    }

    init(message: String) {
        self.init(location: nil, path: nil, message: message)
    }
}
