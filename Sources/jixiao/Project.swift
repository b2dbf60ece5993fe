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

    /// The form in `formats` in `out` (all but PDF, and PDF where LibreOffice is installed, when none
    /// is named); a form whose figures disagree is refused unless `draft`.
    static func render(_ loaded: LoadedProject, file: String, framework option: String?, out: String, draft: Bool,
                       formats: [ProjectDocumentFormat]) throws {
        let framework = try framework(loaded, option: option)
        try refuseArithmeticErrors(loaded, file: file, framework: framework, draft: draft)
        let converter = PDFConverter.find()
        if formats.contains(.pdf) && converter == nil {
            printError("错误: 未安装 LibreOffice，无法生成 PDF（Debian：apt-get install \(PDFConverter.debianPackages)）")
            throw ExitCode(2)
        }
        let wanted = formats.isEmpty ? ProjectDocumentFormat.allCases.filter { $0 != .pdf || converter != nil } : formats
        let scores = ProjectScoring.score(loaded.project, under: framework)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = (out as NSString).appendingPathComponent(((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        let documents: [(ProjectDocumentFormat, () throws -> Data)] = [
            (.md, { Data(ProjectFormRenderer.markdown(loaded.project).utf8) }),
            (.html, { Data(ProjectFormRenderer.html(loaded.project).utf8) }),
            (.xlsx, { try ProjectFormWorkbook.make(loaded.project, scores: scores) }),
            // The PDF is made from the DOCX.
            (.docx, { try DOCXWriter.write(loaded.project, scores: scores, isDraft: draft) }),
        ]
        for (format, make) in documents where wanted.contains(format) || (format == .docx && wanted.contains(.pdf)) {
            let path = base + "." + format.rawValue
            try make().write(to: URL(fileURLWithPath: path), options: .atomic)
            if wanted.contains(format) { print(path) }
        }
        if wanted.contains(.pdf), let converter {
            print(try converter.convert(base + ".docx"))
            if !wanted.contains(.docx) { try FileManager.default.removeItem(atPath: base + ".docx") }
        }
    }

    /// Refuses (exit 1) a form whose figures disagree, unless `draft`.
    static func refuseArithmeticErrors(_ loaded: LoadedProject, file: String, framework: ProjectFramework, draft: Bool) throws {
        let arithmetic = loaded.check(under: framework).filter { $0.severity == .error && ProjectChecks.rule($0.rule)?.kind == .arithmetic }
        if !arithmetic.isEmpty && !draft {
            printError("数字有误，不能生成正式的项目自评表（可加 --draft 生成草稿）：")
            printError(FindingReport.text(file: file, findings: arithmetic))
            throw ExitCode(1)
        }
    }
}

/// The documents `render` makes of a project form.
enum ProjectDocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, xlsx, docx, pdf
}
