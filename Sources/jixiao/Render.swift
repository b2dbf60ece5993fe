import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoRender

extension Jixiao {
    /// `jixiao render FILE --framework F --out DIR`: the package a unit submits and publishes.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "由自评数据文件生成报送材料：自评报告（DOCX、HTML、Markdown、PDF）、数据表和评分表（XLSX）。",
            discussion: """
                缺少正式报告所需的内容时拒绝生成，并列出所缺内容；加 --draft 则照常生成，缺口处标「【待填写：…】」，每页标「草稿」。
                PDF 需要 LibreOffice 和替代字体（Debian：apt-get install \(PDFConverter.debianPackages)）；未安装时跳过 PDF，加 --pdf 则报错。
                退出码：0 完成；1 缺少内容或数字有误；2 文件无法读取或无法写出。
                """)

        @Argument(help: "自评数据文件（.yaml 或 .json）。")
        var file: String

        @Option(help: "评分框架：内置框架的 ID 或框架文件路径；项目表可省略（用文件所指定的或全国默认的项目评分规则）。")
        var framework: String?

        @Option(help: "输出目录。")
        var out: String

        @Option(help: "报告模板：内置模板的 ID（见 jixiao templates）或模板文件路径；报告按其标题、编号和次序编写。默认湛江/廉江模板。")
        var template: String?

        @Flag(help: "生成草稿：缺口标「【待填写：…】」，每页标「草稿」。")
        var draft = false

        @Flag(help: "必须生成 PDF：未安装 LibreOffice 时报错。")
        var pdf = false

        @Option(name: .customLong("project"),
                help: "本年度的项目支出绩效自评表文件（可重复）：每个项目的自评表以横向页面的 DOCX（及 PDF）和 XLSX 随报送材料生成。")
        var projects: [String] = []

        @Option(help: "项目支出绩效自评表生成的格式：md、html、xlsx、docx、pdf（可重复）；默认除 PDF 外全部，装有 LibreOffice 时也生成 PDF。")
        var format: [ProjectDocumentFormat] = []

        func run() throws {
            let document = try loadOrExit { try LoadedDocument.load(path: file) }
            guard case .evaluation(let loaded) = document else {
                if case .project(let project) = document {
                    guard projects.isEmpty else {
                        printError("错误: --project 用于随部门整体自评生成项目表；\(file) 本身是项目支出绩效自评表")
                        throw ExitCode(2)
                    }
                    // --pdf: the PDF as well, and an error without LibreOffice.
                    let formats = !pdf || format.contains(.pdf) ? format : (format.isEmpty ? ProjectDocumentFormat.allCases : format + [.pdf])
                    try ProjectCommands.render(project, file: file, framework: framework, out: out, draft: draft, formats: formats)
                }
                return
            }
            guard format.isEmpty else {
                printError("错误: --format 只用于项目支出绩效自评表；部门整体自评的报送材料总是全部生成")
                throw ExitCode(2)
            }
            // Each project form scored under its own framework, and refused as its own render refuses it.
            let projectForms = try projects.map { path in
                let loaded = try loadOrExit { try ProjectFile.load(path: path) }
                let framework = try loadOrExit { try loaded.framework() }
                try ProjectCommands.refuseArithmeticErrors(loaded, file: path, framework: framework, draft: draft)
                return (form: loaded.project, scores: ProjectScoring.score(loaded.project, under: framework))
            }
            let compiled = try loadOrExit { try FrameworkFile.resolve(try requiredFramework(framework)) }
            let outline = try template.map { id in try loadOrExit { try TemplateFile.resolve(id) } } ?? .standard
            let evaluation = loaded.evaluation
            // A package whose figures disagree is not rendered as final: the checks come first.
            let arithmetic = CheckCatalogue.arithmeticErrors(loaded.check())
            if !arithmetic.isEmpty && !draft {
                printError("数字有误，不能生成正式报告（可加 --draft 生成草稿）：")
                printError(FindingReport.text(file: file, findings: arithmetic))
                throw ExitCode(1)
            }
            let scores = compiled.score(evaluation)
            var composer = ReportComposer(evaluation: evaluation, scores: scores)
            composer.template = outline
            let composed = composer.compose(draft: draft)
            if !composed.missing.isEmpty && !draft {
                printError("\(file): 缺少正式报告所需的 \(composed.missing.count) 项内容，未生成（可加 --draft 生成草稿）：")
                for item in composed.missing { printError("  - \(item)") }
                throw ExitCode(1)
            }
            let package = try RenderedPackage.make(evaluation: evaluation, report: composed.document, scores: scores, projects: projectForms)
            let converter = PDFConverter.find()
            if pdf && converter == nil {
                printError("错误: 未安装 LibreOffice，无法生成 PDF（Debian：apt-get install \(PDFConverter.debianPackages)）")
                throw ExitCode(2)
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var written: [String] = []
            for (name, data) in package.files {
                let path = (out as NSString).appendingPathComponent(name)
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                written.append(path)
            }
            if let converter {
                for docx in package.files where docx.name.hasSuffix(".docx") {
                    written.append(try converter.convert((out as NSString).appendingPathComponent(docx.name)))
                }
            }
            for path in written { print(path) }
            if draft && !composed.missing.isEmpty {
                printError("草稿：缺少 \(composed.missing.count) 项内容，已在报告中标「【待填写：…】」")
            }
        }
    }
}
