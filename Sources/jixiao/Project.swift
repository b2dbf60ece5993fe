import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender

/// The project form's side of `check`, `score`, `render` and `frameworks`: a file whose `format` is
/// `jixiao/project@1` is a 项目支出绩效自评表, scored under a project framework (the file's, the
/// national default, or `--framework`).
enum ProjectCommands {
    static func framework(_ loaded: LoadedProject, option: String?) throws -> ProjectFramework {
        try loadOrExit {
            if let option { return try ProjectFrameworkFile.resolve(option) }
            return try loaded.framework()
        }
    }

    static func check(_ loaded: LoadedProject, file: String, framework option: String?, overall: String?, format: OutputFormat) throws {
        let framework = try framework(loaded, option: option)
        let evaluation = try overall.map { path in try loadOrExit { try EvaluationFile.load(path: path) }.evaluation }
        let findings = loaded.check(under: framework, overall: evaluation)
        switch format {
        case .text: print(FindingReport.text(file: file, findings: findings), terminator: "")
        case .json: print(FindingReport.json(file: file, findings: findings), terminator: "")
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    /// The scoring table; exit 1 when the stated scores, 总分 or grade disagree with the rules.
    static func score(_ loaded: LoadedProject, file: String, framework option: String?, format: OutputFormat) throws {
        let framework = try framework(loaded, option: option)
        let sheet = ProjectScoring.score(loaded.project, under: framework)
        let findings = loaded.check(under: framework).filter { ProjectChecks.rule($0.rule)?.kind == .scoring || $0.rule == "project.total.mismatch" }
        try printScoring(table: ProjectScoreReport.text(sheet), json: { ProjectScoreReport.json(sheet, findings: findings) },
                         findings: findings, file: file, format: format)
    }

    /// The form as Markdown and HTML in `out`; a form whose figures disagree is refused unless `draft`.
    static func render(_ loaded: LoadedProject, file: String, framework option: String?, out: String, draft: Bool) throws {
        let framework = try framework(loaded, option: option)
        let arithmetic = loaded.check(under: framework).filter { $0.severity == .error && ProjectChecks.rule($0.rule)?.kind == .arithmetic }
        if !arithmetic.isEmpty && !draft {
            printError("数字有误，不能生成正式的项目自评表（可加 --draft 生成草稿）：")
            printError(FindingReport.text(file: file, findings: arithmetic))
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        for (name, text) in [(base + ".md", ProjectFormRenderer.markdown(loaded.project)), (base + ".html", ProjectFormRenderer.html(loaded.project))] {
            let path = (out as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            print(path)
        }
    }
}
