import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import JixiaoRender

/// What a unit sends as its evaluation.
package enum EvaluationInput: Sendable {
    case text(String, FileFormat)
    case workbook(Data, name: String)
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

    var evaluation: Evaluation { loaded.evaluation }

    /// The longest evaluation text read, in UTF-8 bytes: the worked example has 30 KB, a unit with
    /// a thousand tasks some 400 KB. Longer text is refused before it is parsed or stored.
    static let maximumTextBytes = 2 << 20

    /// Reads, checks and scores an input; throws `InputRejected` with every located problem.
    /// `year` is the year the evaluation is for (the cycle's), which its own years must be; nil
    /// judges the file's years only against each other.
    static func of(_ input: EvaluationInput, framework: CompiledFramework?, year: Int? = nil) throws(InputRejected) -> Analysis {
        if case .text(let text, _) = input, text.utf8.count > maximumTextBytes {
            throw InputRejected(problems: [InputProblem(message: "内容过长（\(text.utf8.count / 1024) KB，上限 \(maximumTextBytes >> 10) KB）")])
        }
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
            } catch {
                throw InputRejected(problems: [InputProblem(message: "无法转换为 YAML")], underlying: ["\(error)"])
            }
        }
        return try analyse(yaml: yaml, framework: framework, year: year)
    }

    /// Reads, checks and scores stored YAML (`year` as for `of`).
    static func analyse(yaml: String, framework: CompiledFramework?, year: Int? = nil) throws(InputRejected) -> Analysis {
        let loaded: LoadedEvaluation
        do {
            loaded = try EvaluationFile.parse(yaml, format: .yaml)
        } catch {
            throw InputRejected(error)
        }
        var options = CheckOptions()
        options.framework = framework
        options.expectedYear = year
        // Scored once: the checks compare the stated score with this sheet.
        options.scoreSheet = framework?.score(loaded.evaluation)
        let findings = loaded.check(options: options)
        return Analysis(
            yaml: yaml, loaded: loaded, findings: findings, summary: FindingSummary(findings),
            scores: options.scoreSheet, executionRate: Self.executionRate(loaded.evaluation, basis: options.budgetBasis))
    }

    private static func yaml(of evaluation: Evaluation) throws -> String {
        try EvaluationFile.render(evaluation, as: .yaml)
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

    /// The package of this evaluation: final when nothing is missing, else a draft with the gaps marked.
    func package() throws -> RenderedPackage {
        let composed = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: false)
        let document = WorkflowTable.packageIsFinal(missing: composed.missing, arithmeticErrors: arithmeticErrors)
            ? composed.document
            : ReportComposer(evaluation: evaluation, scores: scores).compose(draft: true).document
        return try RenderedPackage.make(evaluation: evaluation, report: document, scores: scores)
    }

    /// The report as one HTML page, for the preview.
    func reportHTML() -> String {
        let composed = ReportComposer(evaluation: evaluation, scores: scores).compose(draft: true)
        return HTMLRenderer.render(composed.document)
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
